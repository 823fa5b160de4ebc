import { describe, expect, it } from 'vitest';
import { startStagingInput } from '../testing/context.js';
import { playbookVariables, unsafeExtraVarsYaml } from './extra-vars.js';

describe('playbookVariables', () => {
  it('puts fields and parameters at the top level and everything under opsdesk', () => {
    const variables = playbookVariables(
      {
        ...startStagingInput,
        fields: { environment: 'bugfix1x2', newName: 'bugfix1x3', endDate: '2026-02-01' },
        params: { newName: 'bugfix1x3-param', ansible_connection: 'ssh', tags: ['a'], 'new-name': 'x' },
      },
      { runId: 'run-7f3a', attempt: 2 },
    );
    expect(variables).toEqual({
      vars: {
        newName: 'bugfix1x3-param',
        endDate: '2026-02-01',
        opsdesk: {
          run_id: 'run-7f3a',
          attempt: 2,
          ticket: {
            key: 'R1-3386',
            request_type: 'start-request-only-staging',
            requester: { email: 'dewi@example.com', display_name: 'Dewi Lestari' },
          },
          fields: { environment: 'bugfix1x2', newName: 'bugfix1x3', endDate: '2026-02-01' },
          params: { newName: 'bugfix1x3-param', ansible_connection: 'ssh', tags: ['a'], 'new-name': 'x' },
        },
      },
      notAtTopLevel: ['environment', 'ansible_connection', 'tags', 'new-name'],
    });
  });
});

describe('unsafeExtraVarsYaml', () => {
  it('tags every string, at any depth, as unsafe and leaves other values as they are', () => {
    expect(
      unsafeExtraVarsYaml({
        note: "{{ lookup('pipe', 'id') }}",
        count: 3,
        ok: true,
        none: null,
        skipped: undefined,
        when: new Date('2026-01-01T00:00:00Z'),
        list: ['a"b', 7],
        nested: { 'key with space': 'line 1\nline 2' },
      }),
    ).toBe(
      '{"note": !unsafe "{{ lookup(\'pipe\', \'id\') }}", "count": 3, "ok": true, "none": null, ' +
        '"when": !unsafe "2026-01-01T00:00:00.000Z", "list": [!unsafe "a\\"b", 7], ' +
        '"nested": {"key with space": !unsafe "line 1\\nline 2"}}',
    );
  });
});
