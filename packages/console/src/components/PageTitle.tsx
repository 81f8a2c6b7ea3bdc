import { Group, Title } from '@mantine/core';
import { useEffect, type ReactNode } from 'react';

/** The page's h1, also the document title (screen readers announce it after navigation). */
export function PageTitle({ children, actions }: { children: string; actions?: ReactNode }) {
  useEffect(() => {
    document.title = `${children} · Plaudit`;
  }, [children]);
  return (
    <Group justify="space-between" mb="md" wrap="wrap">
      <Title order={1} size="h2">
        {children}
      </Title>
      {actions}
    </Group>
  );
}
