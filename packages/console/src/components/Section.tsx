import { Group, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { FormError } from './FormError';

interface SectionProps {
  /** The heading's element id; the section is labelled by its heading. */
  headingId: string;
  title: string;
  /** Shown beside the heading (e.g. a button that acts on the whole section). */
  actions?: ReactNode;
  /** The section's failed request, if any, shown under the heading. */
  error?: unknown;
  children: ReactNode;
}

/** A titled part of a page: a `<section>` named by its h2, with the error of its requests under the heading. */
export function Section({ headingId, title, actions, error, children }: SectionProps) {
  const heading = (
    <Title order={2} size="h3" id={headingId}>
      {title}
    </Title>
  );
  return (
    <Stack gap="sm" component="section" aria-labelledby={headingId}>
      {actions ? (
        <Group justify="space-between">
          {heading}
          {actions}
        </Group>
      ) : (
        heading
      )}
      <FormError error={error} />
      {children}
    </Stack>
  );
}
