import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

export type QuestionStatus = 'pending' | 'published' | 'hidden';
const listKey = (shopId: string) => ['shops', shopId, 'questions'] as const;
const settingsKey = (shopId: string) => ['shops', shopId, 'settings', 'questions'] as const;
const path = (shopId: string, id: string) => ({ path: { shop_id: shopId, id } });

const fetchQuestions = (shopId: string, status: QuestionStatus | '', page: number) =>
  unwrap(api.GET('/admin/api/v1/shops/{shop_id}/questions', { params: { path: { shop_id: shopId }, query: { page, ...(status ? { status } : {}) } } }));
export type QuestionsPage = Awaited<ReturnType<typeof fetchQuestions>>;
export type Question = QuestionsPage['items'][number];

export function useQuestions(shopId: string, status: QuestionStatus | '', page: number) {
  return useQuery({ queryKey: [...listKey(shopId), status, page], queryFn: () => fetchQuestions(shopId, status, page) });
}

/** Answer, publish, hide (a question or one answer): each refreshes the list. */
export function useQuestionActions(shopId: string) {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: listKey(shopId) });
  return {
    answer: useMutation({
      mutationFn: ({ id, content }: { id: string; content: string }) => unwrap(api.POST('/admin/api/v1/shops/{shop_id}/questions/{id}/answers', { params: path(shopId, id), body: { content } })),
      onSuccess: refresh,
    }),
    visibility: useMutation({
      mutationFn: ({ id, action, answerId }: { id: string; action: 'publish' | 'hide'; answerId?: string }) => {
        const body = answerId ? { answer_id: answerId } : {};
        return action === 'publish'
          ? unwrap(api.POST('/admin/api/v1/shops/{shop_id}/questions/{id}/publish', { params: path(shopId, id), body }))
          : unwrap(api.POST('/admin/api/v1/shops/{shop_id}/questions/{id}/hide', { params: path(shopId, id), body }));
      },
      onSuccess: refresh,
    }),
    invite: useMutation({
      mutationFn: ({ id }: { id: string }) => unwrap(api.POST('/admin/api/v1/shops/{shop_id}/questions/{id}/invitations', { params: path(shopId, id), body: {} })),
    }),
  };
}

export function useQuestionSettings(shopId: string) {
  return useQuery({ queryKey: settingsKey(shopId), queryFn: () => unwrap(api.GET('/admin/api/v1/shops/{shop_id}/settings/questions', { params: { path: { shop_id: shopId } } })) });
}

export function useSaveQuestionSettings(shopId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (autoPublish: boolean) => unwrap(api.PUT('/admin/api/v1/shops/{shop_id}/settings/questions', { params: { path: { shop_id: shopId } }, body: { auto_publish_answered: autoPublish } })),
    onSuccess: (saved) => client.setQueryData(settingsKey(shopId), saved),
  });
}
