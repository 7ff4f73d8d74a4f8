import type { FormEvent, ReactNode } from "react";

/** A failure the whole form shares (not one field's): announced to screen readers at once. */
export function FormAlert({ children }: { children: ReactNode }) {
  return (
    <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-700">
      {children}
    </p>
  );
}

/** What a finished form says in place of itself (a link sent, a password set). */
export function FormDone({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="rounded-md bg-green-50 p-4 text-sm text-green-800">
      {children}
    </p>
  );
}

/**
 * The card the sign-in, sign-up and password-reset forms share: browser validation off (zod's messages
 * are shown per field), and the form's own failure above its fields.
 */
export function AccountForm({
  onSubmit,
  failure,
  children,
}: {
  onSubmit: (event: FormEvent<HTMLFormElement>) => Promise<void>;
  failure: ReactNode;
  children: ReactNode;
}) {
  return (
    <form
      onSubmit={(event) => void onSubmit(event)}
      noValidate
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
    >
      {failure ? <FormAlert>{failure}</FormAlert> : null}
      {children}
    </form>
  );
}
