import { Badge, Button, Center, Group, Loader, Pagination, Paper, SegmentedControl, Stack, Switch, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useParams } from 'react-router';
import { FormError } from '../../components/FormError';
import { PageTitle } from '../../components/PageTitle';
import { useSession } from '../../session/session.queries';
import { useQuestionActions, useQuestions, useQuestionSettings, useSaveQuestionSettings, type Question, type QuestionStatus } from './questions.queries';

const STATUS_COLOR: Record<QuestionStatus, string> = { pending: 'yellow', published: 'green', hidden: 'gray' };

function QuestionCard({ question, shopId, canModerate }: { question: Question; shopId: string; canModerate: boolean }) {
  const [draft, setDraft] = useState('');
  const actions = useQuestionActions(shopId);
  const busy = actions.answer.isPending || actions.visibility.isPending;
  return (
    <Paper withBorder p="md" component="article" aria-label={`Question from ${question.author}`}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600}>{question.content}</Text>
          <Badge color={STATUS_COLOR[question.status]} variant="light">
            {question.status}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          {question.author} · {question.author_email} · product {question.product_id} · {question.created_at.slice(0, 10)}
        </Text>
        {question.answers.map((answer) => (
          <Paper key={answer.id} p="sm" bg="gray.0">
            <Text size="sm">{answer.content}</Text>
            <Group justify="space-between">
              <Text size="xs" c="dimmed">
                {answer.author}
                {answer.by_store ? ' (store)' : answer.verified_buyer ? ' (verified buyer)' : ''} · {answer.helpful_count} helpful{answer.is_published ? '' : ' · hidden'}
              </Text>
              {canModerate && (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  disabled={busy}
                  onClick={() => actions.visibility.mutate({ id: question.id, action: answer.is_published ? 'hide' : 'publish', answerId: answer.id })}
                >
                  {answer.is_published ? 'Hide answer' : 'Show answer'}
                </Button>
              )}
            </Group>
          </Paper>
        ))}
        {canModerate && (
          <>
            <Textarea label="Your answer" autosize minRows={2} maxLength={5000} value={draft} onChange={(e) => setDraft(e.currentTarget.value)} />
            <FormError error={actions.answer.error ?? actions.visibility.error ?? actions.invite.error} />
            {actions.invite.data && (
              <Text size="sm" role="status">
                {actions.invite.data.invited} buyer(s) invited
              </Text>
            )}
            <Group>
              <Button size="xs" disabled={draft.trim() === '' || busy} onClick={() => actions.answer.mutate({ id: question.id, content: draft }, { onSuccess: () => setDraft('') })}>
                Answer
              </Button>
              {question.status !== 'published' && (
                <Button size="xs" variant="light" disabled={busy} onClick={() => actions.visibility.mutate({ id: question.id, action: 'publish' })}>
                  Publish
                </Button>
              )}
              {question.status !== 'hidden' && (
                <Button size="xs" variant="light" color="gray" disabled={busy} onClick={() => actions.visibility.mutate({ id: question.id, action: 'hide' })}>
                  Hide
                </Button>
              )}
              {question.status !== 'hidden' && (
                <Button size="xs" variant="subtle" loading={actions.invite.isPending} onClick={() => actions.invite.mutate({ id: question.id })}>
                  Invite buyers to answer
                </Button>
              )}
            </Group>
          </>
        )}
      </Stack>
    </Paper>
  );
}

/** Shoppers' questions: answer, publish or hide them, invite buyers, and the auto-publish setting. */
export default function QuestionsPage() {
  const shopId = useParams().shopId!;
  const session = useSession();
  const role = session.data?.memberships.find((m) => m.shop_id === shopId)?.role;
  const [status, setStatus] = useState<QuestionStatus | ''>('pending');
  const [page, setPage] = useState(1);
  const questions = useQuestions(shopId, status, page);
  const settings = useQuestionSettings(shopId);
  const saveSettings = useSaveQuestionSettings(shopId);
  const pages = questions.data ? Math.max(1, Math.ceil(questions.data.total / 20)) : 1;
  return (
    <>
      <PageTitle>Questions</PageTitle>
      <Stack maw={800}>
        <Switch
          label="Publish a held question when it is answered"
          checked={settings.data?.auto_publish_answered ?? false}
          disabled={role !== 'owner' || settings.isPending}
          onChange={(e) => saveSettings.mutate(e.currentTarget.checked)}
        />
        <FormError error={settings.error ?? saveSettings.error} />
        <SegmentedControl
          aria-label="Status"
          value={status || 'all'}
          onChange={(value) => {
            setStatus(value === 'all' ? '' : (value as QuestionStatus));
            setPage(1);
          }}
          data={[
            { value: 'pending', label: 'Held' },
            { value: 'published', label: 'Published' },
            { value: 'hidden', label: 'Hidden' },
            { value: 'all', label: 'All' },
          ]}
        />
        <FormError error={questions.error} />
        {questions.isPending ? (
          <Center h={200}>
            <Loader aria-label="Loading the questions" />
          </Center>
        ) : questions.data && questions.data.items.length === 0 ? (
          <Text c="dimmed">No questions here.</Text>
        ) : (
          questions.data?.items.map((q) => <QuestionCard key={q.id} question={q} shopId={shopId} canModerate={role === 'owner' || role === 'moderator'} />)
        )}
        {pages > 1 && <Pagination value={page} onChange={setPage} total={pages} aria-label="Pages" />}
      </Stack>
    </>
  );
}
