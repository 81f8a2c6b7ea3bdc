import { ActionIcon, Code, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core';

/** A secret the server shows once (a private token, recovery codes), with a copy button. */
export function SecretOnce({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600} id={`secret-${label}`}>{label}</Text>
      <Group gap="xs" wrap="nowrap">
        <Code block style={{ flex: 1, overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }} aria-labelledby={`secret-${label}`}>{value}</Code>
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy'}>
              <ActionIcon variant="light" onClick={copy} aria-label={`Copy ${label}`}>{copied ? '✓' : '⧉'}</ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}
