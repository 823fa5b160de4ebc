import { Text } from '@mantine/core';
import { snippetParts } from './kb';

/** A search snippet with its matches highlighted; rendered as text, never as HTML. */
export function Snippet({ value }: { value: string }) {
  return (
    <Text size="sm" c="gray.8">
      {snippetParts(value).map((part, index) =>
        part.marked ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts of one fixed string
          <mark key={index}>{part.text}</mark>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts of one fixed string
          <span key={index}>{part.text}</span>
        ),
      )}
    </Text>
  );
}
