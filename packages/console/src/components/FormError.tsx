import { Alert } from '@mantine/core';
import { problemMessage } from '../api/client';

export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <Alert color="red" role="alert" title="That did not work">
      {problemMessage(error)}
    </Alert>
  );
}
