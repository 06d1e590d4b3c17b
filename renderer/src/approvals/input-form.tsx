import { NumberInput, Select, Stack, Switch, Textarea } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

type Schema = Record<string, unknown>;
const isRecord = (value: unknown): value is Schema => value !== null && typeof value === 'object' && !Array.isArray(value);

/** How one input field is edited. */
export interface InputField {
  key: string;
  kind: 'text' | 'number' | 'integer' | 'boolean' | 'choice' | 'json';
  description?: string;
  required: boolean;
  options?: string[];
}

/**
 * The fields of a step's input: the top-level properties of its agent's JSON schema, then any
 * key of the input the schema does not name. Nested values are edited as JSON.
 */
export function fieldsOf(schema: unknown, input: Record<string, unknown>): InputField[] {
  const properties = isRecord(schema) && isRecord(schema.properties) ? schema.properties : {};
  const required = new Set(isRecord(schema) && Array.isArray(schema.required) ? schema.required.filter((key): key is string => typeof key === 'string') : []);
  const fields: InputField[] = Object.entries(properties).map(([key, property]) => {
    const node = isRecord(property) ? property : {};
    const description = typeof node.description === 'string' ? node.description : undefined;
    const base = { key, description, required: required.has(key) };
    if (Array.isArray(node.enum) && node.enum.every((option) => typeof option === 'string')) return { ...base, kind: 'choice', options: node.enum as string[] };
    if (node.type === 'string') return { ...base, kind: 'text' };
    if (node.type === 'number' || node.type === 'integer') return { ...base, kind: node.type };
    if (node.type === 'boolean') return { ...base, kind: 'boolean' };
    return { ...base, kind: 'json' };
  });
  for (const key of Object.keys(input)) {
    if (!(key in properties)) fields.push({ key, kind: typeof input[key] === 'string' ? 'text' : 'json', required: false });
  }
  // Fields the input leaves out and no one needs are not worth a control.
  return fields.filter((field) => field.required || field.key in input);
}

interface InputFormProps {
  fields: InputField[];
  value: Record<string, unknown>;
  onChange: (value: Record<string, unknown>, valid: boolean) => void;
  testIdPrefix: string;
  labelOf?: (field: InputField) => string;
}

/** A form over an input object: one control per field, JSON for nested values. */
export function InputForm({ fields, value, onChange, testIdPrefix, labelOf }: InputFormProps) {
  const [invalid, setInvalid] = useState<ReadonlySet<string>>(new Set());
  const set = (key: string, next: unknown, valid = true) => {
    const nextInvalid = new Set(invalid);
    if (valid) nextInvalid.delete(key);
    else nextInvalid.add(key);
    setInvalid(nextInvalid);
    onChange(valid ? { ...value, [key]: next } : value, nextInvalid.size === 0);
  };
  return (
    <Stack gap="sm">
      {fields.map((field) => (
        <FieldControl key={field.key} field={field} value={value[field.key]} label={labelOf?.(field) ?? field.key} testId={`${testIdPrefix}-${field.key}`} onChange={(next, valid) => set(field.key, next, valid)} />
      ))}
    </Stack>
  );
}

interface FieldControlProps {
  field: InputField;
  value: unknown;
  label: string;
  testId: string;
  onChange: (value: unknown, valid?: boolean) => void;
}

function FieldControl({ field, value, label, testId, onChange }: FieldControlProps) {
  const { t } = useTranslation();
  const description = field.description ? <span dir="auto">{field.description}</span> : undefined;
  const common = { label, description, required: field.required, 'data-testid': testId };
  switch (field.kind) {
    case 'choice':
      return <Select {...common} data={field.options ?? []} value={typeof value === 'string' ? value : null} onChange={(next) => onChange(next ?? undefined)} comboboxProps={{ withinPortal: true }} />;
    case 'number':
    case 'integer':
      return (
        <NumberInput
          {...common}
          value={typeof value === 'number' ? value : ''}
          allowDecimal={field.kind === 'number'}
          onChange={(next) => onChange(typeof next === 'number' ? next : undefined)}
        />
      );
    case 'boolean':
      return <Switch label={label} description={description} checked={value === true} onChange={(event) => onChange(event.currentTarget.checked)} data-testid={testId} />;
    case 'text':
      return <Textarea {...common} value={typeof value === 'string' ? value : ''} onChange={(event) => onChange(event.currentTarget.value)} autosize minRows={1} maxRows={10} dir="auto" />;
    default:
      return <JsonField {...common} value={value} onChange={onChange} invalidMessage={t('approvalDialog.invalidJson')} />;
  }
}

/** A nested value, edited as JSON text; kept only while it parses. */
function JsonField({
  value,
  onChange,
  invalidMessage,
  ...props
}: {
  label: string;
  description?: ReactNode;
  required: boolean;
  'data-testid': string;
  value: unknown;
  onChange: (value: unknown, valid?: boolean) => void;
  invalidMessage: string;
}) {
  const [text, setText] = useState(() => (value === undefined ? '' : JSON.stringify(value, null, 2)));
  const [error, setError] = useState<string | null>(null);
  return (
    <Textarea
      {...props}
      value={text}
      error={error}
      autosize
      minRows={1}
      maxRows={10}
      dir="ltr"
      className="json-field"
      onChange={(event) => {
        const next = event.currentTarget.value;
        setText(next);
        if (next.trim() === '') {
          setError(null);
          onChange(undefined);
          return;
        }
        try {
          onChange(JSON.parse(next) as unknown);
          setError(null);
        } catch {
          setError(invalidMessage);
          onChange(value, false);
        }
      }}
    />
  );
}
