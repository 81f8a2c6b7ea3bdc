import { Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { HIDE_REASONS, type HideReason } from '../../reviews/review-labels';

/** Asks why reviews are hidden (the reason goes to the ledger and the transparency page). */
export function HideReasonModal({ opened, count, onClose, onConfirm }: { opened: boolean; count: number; onClose: () => void; onConfirm: (reason: HideReason) => void }) {
  const [reason, setReason] = useState<HideReason>('other');
  return (
    <Modal opened={opened} onClose={onClose} title={count === 1 ? 'Hide this review' : `Hide ${count} reviews`}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onConfirm(reason);
        }}
      >
        <Stack>
          <Text size="sm">Hidden reviews leave the storefront and its ratings. A spam reason marks them as spam. Enter hides with the chosen reason.</Text>
          <Select label="Reason" data={HIDE_REASONS as never} value={reason} onChange={(v) => v && setReason(v as HideReason)} allowDeselect={false} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" color="red" data-autofocus>
              Hide
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
