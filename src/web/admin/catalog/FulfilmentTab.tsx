// The request type editor's "Approval and fulfilment" tab: who approves, the team, auto-close; and
// who fulfils it (agents by hand, a provider action on the environment a field names, or a
// connection), with its parameters, result message, attempts and timeout.
import { NumberInput, Select, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { type Dispatch, useEffect, useState } from 'react';
import { type ActionName, actionNames } from '../../../shared/api/inventory';
import { duration } from '../../lib/format';
import { type ErrorOf, firstParamError, paramsProblem } from './editorParts';
import type { Draft, EditorAction, TopLevelKey } from './editorState';
import { useConnections, useTeams } from './queries';
import type { ApprovalPolicy, FulfilmentSpec } from './types';

const approvalKinds: { value: ApprovalPolicy['kind']; label: string }[] = [
  { value: 'none', label: 'No approval' },
  { value: 'manager', label: 'The requester’s manager' },
  { value: 'team_any', label: 'Anyone in a team' },
  { value: 'team_quorum', label: 'Several people in a team' },
];

export function FulfilmentTab({
  draft,
  error,
  dispatch,
  paramsError,
  setParamsError,
}: {
  draft: Draft;
  error: ErrorOf;
  dispatch: Dispatch<EditorAction>;
  paramsError: string | null;
  setParamsError: (message: string | null) => void;
}) {
  const teams = useTeams();
  const connections = useConnections();
  const set = <K extends TopLevelKey>(key: K, value: Draft[K]) => dispatch({ type: 'set', key, value });
  const teamOptions = (teams.data ?? []).map((team) => ({ value: team.key, label: team.name }));
  const approval = draft.approval;
  const approvalTeam =
    approval.kind === 'manager' ? approval.fallbackTeam : 'team' in approval ? approval.team : '';
  const setApprovalKind = (kind: ApprovalPolicy['kind']) => {
    const team = approvalTeam || teamOptions[0]?.value || '';
    const next: ApprovalPolicy =
      kind === 'none'
        ? { kind }
        : kind === 'manager'
          ? { kind, fallbackTeam: team }
          : kind === 'team_any'
            ? { kind, team }
            : { kind, team, required: approval.kind === 'team_quorum' ? approval.required : 2 };
    set('approval', next);
  };
  const setApprovalTeam = (team: string) => {
    if (approval.kind === 'manager') set('approval', { ...approval, fallbackTeam: team });
    else if (approval.kind === 'team_any' || approval.kind === 'team_quorum')
      set('approval', { ...approval, team });
  };
  const fulfilment = draft.fulfilment;
  const environmentFields = draft.fields
    .filter((field) => field.def.type === 'environment')
    .map((field) => ({ value: field.def.key, label: `${field.def.label} (${field.def.key})` }));
  const setFulfilment = (patch: Partial<FulfilmentSpec>) =>
    fulfilment && set('fulfilment', { ...fulfilment, ...patch } as FulfilmentSpec);
  const setExecutor = (executor: string) => {
    const common = {
      params: fulfilment?.params ?? {},
      resultTemplate: fulfilment?.resultTemplate ?? 'Done.',
      maxAttempts: fulfilment?.maxAttempts ?? 5,
      timeoutSeconds: fulfilment?.timeoutSeconds ?? 3600,
    };
    const environmentField = fulfilment?.environmentField ?? environmentFields[0]?.value ?? '';
    if (executor === 'none') set('fulfilment', null);
    else if (executor === 'provider')
      set('fulfilment', {
        executor,
        action: fulfilment?.executor === 'provider' ? fulfilment.action : 'environment.start',
        environmentField,
        ...common,
      });
    else
      set('fulfilment', {
        executor: 'external',
        connection:
          fulfilment?.executor === 'external' ? fulfilment.connection : (connections.data?.[0]?.name ?? ''),
        ...(environmentField ? { environmentField } : {}),
        ...common,
      });
  };
  const [paramsText, setParamsText] = useState(() => JSON.stringify(fulfilment?.params ?? {}, null, 2));
  const params = fulfilment?.params;
  useEffect(() => {
    // When the draft's parameters change elsewhere (discard, save), show them; not while typing.
    setParamsText((current) =>
      !paramsProblem(current) && JSON.stringify(JSON.parse(current || '{}')) === JSON.stringify(params ?? {})
        ? current
        : JSON.stringify(params ?? {}, null, 2),
    );
  }, [params]);
  // Leaving the tab forgets unparsable text (the draft keeps the last valid parameters).
  useEffect(() => () => setParamsError(null), [setParamsError]);

  return (
    <Stack gap="lg" maw={820}>
      <Stack gap="sm" component="section" aria-labelledby="approval-title">
        <Title order={2} size="h3" id="approval-title">
          Approval and assignment
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Select
            label="Who approves"
            data={approvalKinds}
            value={approval.kind}
            allowDeselect={false}
            onChange={(value) => value && setApprovalKind(value as ApprovalPolicy['kind'])}
            error={error('approval')}
          />
          {approval.kind !== 'none' ? (
            <Select
              label={
                approval.kind === 'manager' ? 'Team when the requester has no manager' : 'Approving team'
              }
              data={
                teamOptions.some((option) => option.value === approvalTeam) || !approvalTeam
                  ? teamOptions
                  : [...teamOptions, { value: approvalTeam, label: approvalTeam }]
              }
              value={approvalTeam || null}
              allowDeselect={false}
              onChange={(value) => value && setApprovalTeam(value)}
            />
          ) : null}
          {approval.kind === 'team_quorum' ? (
            <NumberInput
              label="Approvals needed"
              min={1}
              max={50}
              allowDecimal={false}
              value={approval.required}
              onChange={(value) =>
                typeof value === 'number' && set('approval', { ...approval, required: value })
              }
            />
          ) : null}
          <Select
            label="Team that handles it"
            description="Without one, requests go to the service desk team (OPSDESK_DEFAULT_TEAM)."
            placeholder="The service desk team"
            clearable
            data={
              teamOptions.some((option) => option.value === draft.team) || !draft.team
                ? teamOptions
                : [...teamOptions, { value: draft.team, label: draft.team }]
            }
            value={draft.team}
            onChange={(value) => set('team', value)}
            error={error('team')}
          />
          <NumberInput
            label="Close automatically after (days)"
            description="Once waiting for the customer; empty for never"
            min={0}
            max={365}
            value={draft.autoCloseDays ?? ''}
            onChange={(value) => set('autoCloseDays', typeof value === 'number' ? value : null)}
            error={error('autoCloseDays')}
          />
        </SimpleGrid>
      </Stack>

      <Stack gap="sm" component="section" aria-labelledby="fulfilment-title">
        <Title order={2} size="h3" id="fulfilment-title">
          Fulfilment
        </Title>
        <Select
          label="Who fulfils it"
          allowDeselect={false}
          maw={400}
          data={[
            { value: 'none', label: 'People (no automation)' },
            { value: 'provider', label: 'A provider action' },
            { value: 'external', label: 'An external connection' },
          ]}
          value={fulfilment?.executor ?? 'none'}
          onChange={(value) => value && setExecutor(value)}
        />
        {fulfilment ? (
          <>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              {fulfilment.executor === 'provider' ? (
                <Select
                  label="Action"
                  data={[...actionNames]}
                  value={fulfilment.action}
                  allowDeselect={false}
                  onChange={(value) => value && setFulfilment({ action: value as ActionName })}
                  error={error('fulfilment.action')}
                />
              ) : (
                <Select
                  label="Connection"
                  data={[
                    ...new Set([
                      ...(connections.data ?? []).map((connection) => connection.name),
                      ...(fulfilment.connection ? [fulfilment.connection] : []),
                    ]),
                  ]}
                  value={fulfilment.connection || null}
                  allowDeselect={false}
                  onChange={(value) => value && setFulfilment({ connection: value })}
                  error={error('fulfilment.connection')}
                />
              )}
              <Select
                label="Environment field"
                description="The form field naming the environment"
                data={environmentFields}
                placeholder={environmentFields.length ? undefined : 'The form has no environment field'}
                value={fulfilment.environmentField ?? null}
                clearable={fulfilment.executor === 'external'}
                onChange={(value) => setFulfilment({ environmentField: value ?? undefined })}
                error={error('fulfilment.environmentField')}
              />
              <NumberInput
                label="Attempts at most"
                min={1}
                max={20}
                allowDecimal={false}
                value={fulfilment.maxAttempts}
                onChange={(value) => typeof value === 'number' && setFulfilment({ maxAttempts: value })}
                error={error('fulfilment.maxAttempts')}
              />
              <NumberInput
                label="Timeout (seconds)"
                description={duration(fulfilment.timeoutSeconds)}
                min={1}
                max={604800}
                allowDecimal={false}
                value={fulfilment.timeoutSeconds}
                onChange={(value) => typeof value === 'number' && setFulfilment({ timeoutSeconds: value })}
                error={error('fulfilment.timeoutSeconds')}
              />
            </SimpleGrid>
            <Textarea
              label="Message to the requester when done"
              description="A template: {{ fields.environment }}, {{ outputs.url }}"
              autosize
              minRows={2}
              value={fulfilment.resultTemplate}
              onChange={(event) => setFulfilment({ resultTemplate: event.currentTarget.value })}
              error={error('fulfilment.resultTemplate')}
            />
            <Textarea
              label="Parameters (JSON)"
              description={
                'Each parameter takes a field ({"field": "domain"}) or a fixed value ({"value": "eu"})'
              }
              autosize
              minRows={3}
              styles={{ input: { fontFamily: 'ui-monospace, monospace' } }}
              value={paramsText}
              onChange={(event) => {
                const text = event.currentTarget.value;
                setParamsText(text);
                const message = paramsProblem(text);
                setParamsError(message);
                if (!message) setFulfilment({ params: JSON.parse(text) });
              }}
              error={paramsError ?? error('fulfilment.params') ?? firstParamError(error, fulfilment.params)}
            />
          </>
        ) : (
          <Text size="sm" c="gray.7">
            Agents fulfil these requests by hand.
          </Text>
        )}
      </Stack>
    </Stack>
  );
}
