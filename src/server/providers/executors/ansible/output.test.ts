import { describe, expect, it } from 'vitest';
import { describeRecap, PlaybookOutputReader } from './output.js';

// Lines as ansible-core 2.14's default callback prints them (from a run of fixtures/fail.yml).
const failedRun = [
  '',
  'PLAY [Check the environment] ***************************************************',
  '',
  'TASK [refuse an unknown environment] *******************************************',
  'fatal: [localhost]: FAILED! => {"changed": false, "msg": "Environment bugfix9 does not exist"}',
  'fatal: [web-2]: UNREACHABLE! => {"changed": false, "msg": "Failed to connect to the host via ssh", "unreachable": true}',
  '',
  'PLAY RECAP *********************************************************************',
  'localhost                  : ok=1    changed=0    unreachable=0    failed=1    skipped=0    rescued=0    ignored=0   ',
  'web-2                      : ok=0    changed=0    unreachable=1    failed=0    skipped=0    rescued=0    ignored=0   ',
];

describe('PlaybookOutputReader', () => {
  it('collects the failures and the recap per host', () => {
    const reader = new PlaybookOutputReader();
    for (const line of failedRun) reader.read(line);
    expect(reader.result()).toEqual({
      failures: [
        { host: 'localhost', message: 'Environment bugfix9 does not exist' },
        { host: 'web-2', message: 'Failed to connect to the host via ssh' },
      ],
      recap: {
        localhost: { ok: 1, changed: 0, unreachable: 0, failed: 1, skipped: 0, rescued: 0, ignored: 0 },
        'web-2': { ok: 0, changed: 0, unreachable: 1, failed: 0, skipped: 0, rescued: 0, ignored: 0 },
      },
    });
  });

  it('keeps the raw text of a failure that is not one line of JSON', () => {
    const reader = new PlaybookOutputReader();
    reader.read('fatal: [localhost]: FAILED! => {');
    expect(reader.result()).toEqual({ failures: [{ host: 'localhost', message: '{' }] });
  });

  it('does not take task output that looks like counters for a recap', () => {
    const reader = new PlaybookOutputReader();
    reader.read('localhost : ok=1 changed=0');
    expect(reader.result().recap).toBeUndefined();
  });
});

describe('describeRecap', () => {
  it('names only the counters that are not zero', () => {
    expect(
      describeRecap({
        localhost: { ok: 3, changed: 1, unreachable: 0, failed: 0, skipped: 2, rescued: 0, ignored: 0 },
        'db-1': { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 },
      }),
    ).toBe('localhost: 3 ok, 1 changed, 2 skipped; db-1: nothing to do');
  });
});
