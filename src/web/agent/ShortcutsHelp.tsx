// The keyboard shortcuts of the queues and of a ticket, in a dialog.
import { Kbd, Modal, Table } from '@mantine/core';
import { queueShortcutHelp, ticketShortcutHelp } from './shortcuts';

export function ShortcutsHelp({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts">
      <ShortcutTable caption="In the queues" items={queueShortcutHelp} />
      <ShortcutTable caption="On a ticket" items={ticketShortcutHelp} />
    </Modal>
  );
}

function ShortcutTable({ caption, items }: { caption: string; items: [string, string][] }) {
  return (
    <Table mb="md" verticalSpacing={4} captionSide="top">
      <Table.Caption style={{ textAlign: 'left', fontWeight: 600, color: 'var(--mantine-color-gray-7)' }}>
        {caption}
      </Table.Caption>
      <Table.Tbody>
        {items.map(([keys, what]) => (
          <Table.Tr key={keys}>
            <Table.Td w={110}>
              {keys.split(' ').map((part) =>
                part === '/' && keys !== '/' ? (
                  ' / '
                ) : part === 'or' ? (
                  ' or '
                ) : (
                  <Kbd key={part} size="xs" mx={2}>
                    {part}
                  </Kbd>
                ),
              )}
            </Table.Td>
            <Table.Td>{what}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
