// Runs an async action and reports its failure in the toast area with the API's own message.
import { useCallback } from 'react';
import { errorMessage } from '../api/ApiError.js';
import { useStores } from '../store/index.js';

export function useAction() {
  const { toasts } = useStores();
  return useCallback(
    async <T>(action: () => Promise<T>, success?: string): Promise<T | undefined> => {
      try {
        const result = await action();
        if (success) toasts.getState().push('info', success);
        return result;
      } catch (error) {
        toasts.getState().push('error', errorMessage(error));
        return undefined;
      }
    },
    [toasts],
  );
}
