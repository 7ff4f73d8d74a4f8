import { useId, type ReactNode, type Ref, type SelectHTMLAttributes } from "react";

interface SelectFieldProps extends SelectHTMLAttributes<HTMLSelectElement> {
  label: string;
  children: ReactNode;
  /** Lays the label beside the select instead of above it. */
  inline?: boolean;
  /** Visually hides the label on narrow screens (it stays the accessible name). */
  labelClassName?: string;
  ref?: Ref<HTMLSelectElement>;
}

/**
 * A select named by a `<label for>`, never by a wrapping label: a wrapping label's name would include the
 * chosen option's text ("Plan Starter"), so the control's name would change as its options load.
 */
export function SelectField({
  label,
  children,
  inline,
  labelClassName,
  id,
  className,
  ...select
}: SelectFieldProps) {
  const generated = useId();
  const selectId = id ?? generated;
  return (
    <div className={inline ? "flex items-center gap-2" : "flex flex-col gap-1"}>
      <label htmlFor={selectId} className={labelClassName ?? "text-sm font-medium text-slate-700"}>
        {label}
      </label>
      <select
        id={selectId}
        className={
          className ?? "min-h-11 rounded-md border border-slate-300 px-2 py-2 text-sm sm:min-h-9"
        }
        {...select}
      >
        {children}
      </select>
    </div>
  );
}
