// Labelled inputs: every input has a <label>, a hint and an error joined by aria-describedby; the
// error is in an aria-live region so screen readers hear it as the user types.
import type { ComponentChildren, JSX } from 'preact';
import type { Form } from '../lib/forms';

interface Common<F extends string> {
  form: Form<F>;
  name: F;
  label: string;
  hint?: string;
  required?: boolean;
  class?: string;
}

function Describe<F extends string>({ form, name, hint }: { form: Form<F>; name: F; hint?: string }) {
  const error = form.error(name);
  const id = form.id(name);
  return (
    <>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <p class="field-error" id={`${id}-error`} aria-live="polite">
        {error ?? ''}
      </p>
    </>
  );
}

function aria<F extends string>(form: Form<F>, name: F, hint?: string) {
  const id = form.id(name);
  const error = form.error(name);
  return {
    id,
    name,
    'aria-invalid': error ? ('true' as const) : ('false' as const),
    'aria-describedby': [hint ? `${id}-hint` : '', `${id}-error`].filter(Boolean).join(' '),
  };
}

function Label({ htmlFor, label, required }: { htmlFor: string; label: string; required?: boolean }) {
  return (
    <label for={htmlFor}>
      {label}
      {required && (
        <span class="req" aria-hidden="true">
          {' '}
          *
        </span>
      )}
    </label>
  );
}

export function TextField<F extends string>(
  props: Common<F> & {
    type?: string;
    autocomplete?: string;
    inputMode?: JSX.HTMLAttributes<HTMLInputElement>['inputMode'];
    list?: string;
    placeholder?: string;
    transform?: (v: string) => string;
    max?: string;
    min?: string;
  },
) {
  const { form, name } = props;
  return (
    <div class={`field ${props.class ?? ''} ${form.error(name) ? 'has-error' : ''}`}>
      <Label htmlFor={form.id(name)} label={props.label} required={props.required} />
      <input
        {...aria(form, name, props.hint)}
        type={props.type ?? 'text'}
        value={form.values[name]}
        required={props.required}
        aria-required={props.required ? 'true' : undefined}
        autoComplete={props.autocomplete}
        inputMode={props.inputMode}
        list={props.list}
        placeholder={props.placeholder}
        max={props.max}
        min={props.min}
        onInput={(e) => {
          const v = (e.currentTarget as HTMLInputElement).value;
          form.set(name, props.transform ? props.transform(v) : v);
        }}
        onBlur={() => form.touch(name)}
      />
      <Describe form={form} name={name} hint={props.hint} />
    </div>
  );
}

export function TextAreaField<F extends string>(props: Common<F> & { rows?: number }) {
  const { form, name } = props;
  return (
    <div class={`field ${props.class ?? ''} ${form.error(name) ? 'has-error' : ''}`}>
      <Label htmlFor={form.id(name)} label={props.label} required={props.required} />
      <textarea
        {...aria(form, name, props.hint)}
        rows={props.rows ?? 3}
        value={form.values[name]}
        required={props.required}
        aria-required={props.required ? 'true' : undefined}
        onInput={(e) => form.set(name, (e.currentTarget as HTMLTextAreaElement).value)}
        onBlur={() => form.touch(name)}
      />
      <Describe form={form} name={name} hint={props.hint} />
    </div>
  );
}

export function SelectField<F extends string>(
  props: Common<F> & { options: { value: string; label: string }[]; placeholder?: string },
) {
  const { form, name } = props;
  return (
    <div class={`field ${props.class ?? ''} ${form.error(name) ? 'has-error' : ''}`}>
      <Label htmlFor={form.id(name)} label={props.label} required={props.required} />
      <select
        {...aria(form, name, props.hint)}
        value={form.values[name]}
        required={props.required}
        aria-required={props.required ? 'true' : undefined}
        onChange={(e) => form.set(name, (e.currentTarget as HTMLSelectElement).value)}
        onBlur={() => form.touch(name)}
      >
        {props.placeholder !== undefined && <option value="">{props.placeholder}</option>}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Describe form={form} name={name} hint={props.hint} />
    </div>
  );
}

export function CheckboxField<F extends string>(props: Common<F>) {
  const { form, name } = props;
  return (
    <div class={`field checkbox ${props.class ?? ''} ${form.error(name) ? 'has-error' : ''}`}>
      <input
        {...aria(form, name, props.hint)}
        type="checkbox"
        checked={form.values[name] === 'true'}
        onChange={(e) => form.set(name, (e.currentTarget as HTMLInputElement).checked ? 'true' : '')}
      />
      <Label htmlFor={form.id(name)} label={props.label} required={props.required} />
      <Describe form={form} name={name} hint={props.hint} />
    </div>
  );
}

/** A file input kept outside the form values (files are not strings); errors still go through form. */
export function FileField<F extends string>(
  props: Common<F> & { accept?: string; onFile: (f: File | null) => void },
) {
  const { form, name } = props;
  return (
    <div class={`field ${props.class ?? ''} ${form.error(name) ? 'has-error' : ''}`}>
      <Label htmlFor={form.id(name)} label={props.label} required={props.required} />
      <input
        {...aria(form, name, props.hint)}
        type="file"
        accept={props.accept ?? 'application/pdf,image/jpeg,image/png'}
        required={props.required}
        onChange={(e) => {
          const f = (e.currentTarget as HTMLInputElement).files?.[0] ?? null;
          props.onFile(f);
          form.set(name, f ? f.name : '');
        }}
        onBlur={() => form.touch(name)}
      />
      <Describe form={form} name={name} hint={props.hint} />
    </div>
  );
}

export function FormError({ message }: { message: string | null }) {
  return (
    <div class={message ? 'alert alert-error' : 'sr-only'} role="alert" aria-live="assertive">
      {message ?? ''}
    </div>
  );
}

export function Fieldset({ legend, children, class: cls, hidden }: { legend: string; children: ComponentChildren; class?: string; hidden?: boolean }) {
  return (
    <fieldset class={cls} hidden={hidden}>
      <legend>{legend}</legend>
      {children}
    </fieldset>
  );
}
