"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent, type ReactNode } from "react";
import { toast } from "sonner";

import { Button } from "~/components/ui/button";
import { Dialog } from "~/components/ui/dialog";
import { apiError } from "~/lib/errors";

export function useStaffAction() {
  const queryClient = useQueryClient();
  return async (run: () => Promise<unknown>, done: string): Promise<boolean> => {
    try {
      await run();
      toast.success(done);
      await queryClient.invalidateQueries();
      return true;
    } catch (error) {
      toast.error(apiError(error).message);
      return false;
    }
  };
}

/** A small form in a dialog: the trigger button, the fields, the submit button. */
export function ActionDialog({
  label,
  title,
  description,
  submit,
  onSubmit,
  children,
}: {
  label: string;
  title: string;
  description?: string;
  submit: string;
  onSubmit: () => Promise<boolean>;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  async function handle(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const ok = await onSubmit();
    setBusy(false);
    if (ok) setOpen(false);
  }
  return (
    <>
      <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title={title}
        {...(description ? { description } : {})}
      >
        <form className="mt-4 space-y-3" onSubmit={(e) => void handle(e)} noValidate>
          {children}
          <Button type="submit" disabled={busy} className="w-full">
            {busy ? "Working…" : submit}
          </Button>
        </form>
      </Dialog>
    </>
  );
}
