"use client";

import { useState } from "react";

import { parseSeats, SEATS_MAX } from "@salesos/validators";

import { Field } from "~/components/ui/field";

/**
 * The seats field's state: the text exactly as typed (so Backspace then 3 is 3, not 13: an empty field
 * is a step of editing, not a 1) and the quantity it means, or null while it means none.
 */
export function useSeatsInput(initial: number) {
  const [text, setText] = useState(String(initial));
  const parsed = parseSeats(text);
  return {
    text,
    setText,
    seats: "seats" in parsed ? parsed.seats : null,
    error: "error" in parsed ? parsed.error : undefined,
  };
}

export function SeatsField({
  input,
  className,
}: {
  input: ReturnType<typeof useSeatsInput>;
  className?: string;
}) {
  return (
    <div className={className}>
      <Field
        label="Seats"
        type="text"
        inputMode="numeric"
        pattern="[0-9]*"
        maxLength={String(SEATS_MAX).length}
        autoComplete="off"
        value={input.text}
        // Only digits reach the state: a stray letter or sign is not typed at all.
        onChange={(e) => input.setText(e.target.value.replace(/[^0-9]/g, ""))}
        error={input.error}
      />
    </div>
  );
}
