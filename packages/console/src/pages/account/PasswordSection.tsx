import { Button, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { FormError } from '../../components/FormError';
import { useChangePassword } from './account.queries';

export function PasswordSection() {
  const change = useChangePassword();
  const form = useForm({
    initialValues: { current: '', next: '', again: '' },
    validate: {
      next: (v) => (v.length >= 10 ? null : 'At least 10 characters'),
      again: (v, values) => (v === values.next ? null : 'The two new passwords differ'),
    },
  });
  return (
    <Stack gap="sm" component="section" aria-labelledby="password-heading" maw={420}>
      <Title order={2} size="h3" id="password-heading">
        Password
      </Title>
      <form onSubmit={form.onSubmit((v) => change.mutate({ current_password: v.current, new_password: v.next }, { onSuccess: () => form.reset() }))}>
        <Stack gap="sm">
          <PasswordInput label="Current password" autoComplete="current-password" required {...form.getInputProps('current')} />
          <PasswordInput label="New password" description="At least 10 characters" autoComplete="new-password" required {...form.getInputProps('next')} />
          <PasswordInput label="New password again" autoComplete="new-password" required {...form.getInputProps('again')} />
          <FormError error={change.error} />
          {change.isSuccess && (
            <Text size="sm" c="green.9" role="status">
              Password changed; your other sessions were signed out.
            </Text>
          )}
          <div>
            <Button type="submit" loading={change.isPending}>
              Change password
            </Button>
          </div>
        </Stack>
      </form>
    </Stack>
  );
}
