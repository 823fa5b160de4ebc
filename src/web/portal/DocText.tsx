// Renders parsed documentation with plain React elements (no HTML injection). Headings are shifted
// below the section heading they sit under (`##` under an h2 becomes an h3).
import { Anchor, Code, List, Stack, Text, Title, type TitleOrder } from '@mantine/core';
import { Link } from 'react-router';
import { type Block, type Inline, parseDocumentation } from './docs';

function Inlines({ content }: { content: Inline[] }) {
  return content.map((item, index) => {
    const key = `${index}-${item.kind}`;
    switch (item.kind) {
      case 'code':
        return <Code key={key}>{item.text}</Code>;
      case 'strong':
        return <strong key={key}>{item.text}</strong>;
      case 'em':
        return <em key={key}>{item.text}</em>;
      case 'link':
        return item.href.startsWith('/') ? (
          <Anchor key={key} component={Link} to={item.href}>
            {item.text}
          </Anchor>
        ) : (
          <Anchor key={key} href={item.href} target="_blank" rel="noreferrer">
            {item.text}
          </Anchor>
        );
      default:
        return <span key={key}>{item.text}</span>;
    }
  });
}

function DocBlock({ block, headingBase }: { block: Block; headingBase: number }) {
  switch (block.kind) {
    case 'heading': {
      const order = Math.min(6, Math.max(headingBase + 1, block.level + headingBase - 1)) as TitleOrder;
      return (
        <Title order={order} size="h4">
          <Inlines content={block.content} />
        </Title>
      );
    }
    case 'list':
      return (
        <List type={block.ordered ? 'ordered' : 'unordered'} spacing={4}>
          {block.items.map((item, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: list items are static text
            <List.Item key={index}>
              <Inlines content={item} />
            </List.Item>
          ))}
        </List>
      );
    case 'code':
      return (
        <Code block style={{ whiteSpace: 'pre-wrap' }}>
          {block.text}
        </Code>
      );
    default:
      return (
        <Text>
          <Inlines content={block.content} />
        </Text>
      );
  }
}

/** `headingBase`: the order of the heading the text sits under (its `#`/`##` start one level below). */
export function DocText({ source, headingBase = 2 }: { source: string; headingBase?: number }) {
  const blocks = parseDocumentation(source);
  return (
    <Stack gap="sm">
      {blocks.map((block, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: blocks are derived from static text
        <DocBlock key={index} block={block} headingBase={headingBase} />
      ))}
    </Stack>
  );
}
