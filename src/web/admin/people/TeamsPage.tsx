// /admin/teams — teams and their members. ?q filters; ?edit=<key>|new opens the team editor
// (name, description, members: add, make lead, remove; TeamEditor.tsx).
import { Badge, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { EmptyState } from '../../components/States';
import { AdminPageHeader, QueryBlock, RecordCard, RecordGrid, Saved, useUrlParam } from '../kit';
import { teamMatches } from './people';
import { useTeams } from './queries';
import { TeamDrawer } from './TeamEditor';

export default function TeamsPage() {
  const teams = useTeams();
  const [query, setQuery] = useUrlParam('q');
  const [edit, setEdit] = useUrlParam('edit');
  const [saved, setSaved] = useState<string | null>(null);
  const rows = (teams.data ?? []).filter((team) => teamMatches(team, query));

  return (
    <Stack>
      <AdminPageHeader
        title="Teams"
        description="Teams own queues; a lead is notified of escalations."
        action={<Button onClick={() => setEdit('new')}>New team</Button>}
      />
      {saved ? <Saved>{saved}</Saved> : null}
      <TextInput
        label="Search"
        placeholder="Team, member name or email"
        value={query}
        onChange={(event) => setQuery(event.currentTarget.value, true)}
        maw={420}
      />
      <QueryBlock
        query={teams}
        rows={2}
        height={120}
        isEmpty={() => rows.length === 0}
        empty={(data) => (
          <EmptyState title={data.length ? 'No team matches' : 'No teams yet'}>
            {data.length ? 'Change the search.' : 'Create a team to give agents a queue.'}
          </EmptyState>
        )}
      >
        {() => (
          <RecordGrid>
            {rows.map((team) => (
              <RecordCard
                key={team.key}
                name={team.name}
                recordKey={team.key}
                onEdit={() => setEdit(team.key)}
              >
                {team.description ? <Text size="sm">{team.description}</Text> : null}
                <Text size="sm" c="gray.7">
                  {team.members.length} member{team.members.length === 1 ? '' : 's'}
                </Text>
                <Group gap={4}>
                  {team.members.map((member) => (
                    <Badge
                      key={member.userId}
                      variant="light"
                      color={member.isLead ? 'blue' : 'gray'}
                      radius="sm"
                      tt="none"
                    >
                      {member.displayName}
                      {member.isLead ? ' (lead)' : ''}
                    </Badge>
                  ))}
                </Group>
              </RecordCard>
            ))}
          </RecordGrid>
        )}
      </QueryBlock>
      {edit ? (
        <TeamDrawer
          key={edit}
          teamKey={edit === 'new' ? null : edit}
          teams={teams.data}
          onClose={() => setEdit(null)}
          onCreated={(team) => {
            setSaved(`Team ${team.name} created; add its members now.`);
            setEdit(team.key, true);
          }}
          onSaved={(message) => setSaved(message)}
        />
      ) : null}
    </Stack>
  );
}
