// /admin/ci-classes — the classes of configuration items and their attributes. ?edit=<key>|new
// opens the class editor (CiClassEditor.tsx).
import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useCiClasses } from '../../cmdb/queries';
import { AdminPageHeader, QueryBlock, RecordCard, RecordGrid, Saved, useUrlParam } from '../kit';
import { CiClassDrawer } from './CiClassEditor';

export default function CiClassesPage() {
  const classes = useCiClasses();
  const [edit, setEdit] = useUrlParam('edit');
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <Stack>
      <AdminPageHeader
        title="CI classes"
        description="What kinds of configuration items the CMDB holds and which attributes each carries (checked like request form fields)."
        action={<Button onClick={() => setEdit('new')}>New class</Button>}
      />
      {saved ? <Saved>{saved}</Saved> : null}
      <QueryBlock query={classes} rows={3} height={120}>
        {(data) => (
          <RecordGrid>
            {data.map((cls) => (
              <RecordCard key={cls.key} name={cls.name} recordKey={cls.key} onEdit={() => setEdit(cls.key)}>
                {cls.description ? <Text size="sm">{cls.description}</Text> : null}
                <Group gap={4}>
                  {cls.builtIn ? (
                    <Badge variant="outline" radius="sm" color="gray">
                      built in
                    </Badge>
                  ) : null}
                  {cls.attributes.map((field) => (
                    <Badge key={field.key} variant="light" radius="sm" tt="none" color="gray">
                      {field.label}
                    </Badge>
                  ))}
                </Group>
              </RecordCard>
            ))}
          </RecordGrid>
        )}
      </QueryBlock>
      {edit && classes.data ? (
        <CiClassDrawer
          key={edit}
          isNew={edit === 'new'}
          cls={classes.data.find((cls) => cls.key === edit)}
          onClose={() => setEdit(null)}
          onSaved={setSaved}
        />
      ) : null}
    </Stack>
  );
}
