import { ActionIcon, Button, Fieldset, Group, Select, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import { createContext, useContext, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PlusIcon, TrashIcon } from '../../shell/icons';
import { emptyValueOf, parseNumberText, pathKey, type FieldModel, type FieldPath } from './form-model';
import { ReferencePicker } from './reference-picker';
import { useTextDraft } from './use-text-draft';

/** What every field of one step's form shares. */
export interface FormContextValue {
  stepId: string;
  readOnly: boolean;
  /** The message to show at a field (a local check or the linter), or null. */
  errorAt(path: FieldPath): string | null;
  /** Commits a value (`undefined` removes it). */
  set(path: FieldPath, value: unknown): void;
}

export const FormContext = createContext<FormContextValue | null>(null);

function useForm(): FormContextValue {
  const context = useContext(FormContext);
  if (!context) throw new Error('A schema field is drawn outside its form.');
  return context;
}

interface FieldProps {
  field: FieldModel;
  path: FieldPath;
  value: unknown;
  /** Hides the label (map values sit next to their key). */
  bare?: boolean;
}

/** One field of the input form, drawn by the kind its schema gives it. */
export function SchemaField(props: FieldProps) {
  switch (props.field.kind) {
    case 'string':
      return <StringField {...props} />;
    case 'number':
    case 'integer':
      return <NumberField {...props} />;
    case 'boolean':
      return <BooleanField {...props} />;
    case 'enum':
      return <EnumField {...props} />;
    case 'array':
      return <ArrayField {...props} />;
    case 'object':
      return <ObjectField {...props} />;
    case 'map':
      return <MapField {...props} />;
    case 'json':
      return <JsonField {...props} />;
  }
}

function common({ field, path, bare }: FieldProps, form: FormContextValue) {
  const key = pathKey(path);
  // Labels and descriptions come from the agent's schema, in its own language and direction.
  return {
    label: bare ? undefined : <span dir="auto">{field.label}</span>,
    'aria-label': bare ? field.label || key : undefined,
    description: bare || !field.description ? undefined : <span dir="auto">{field.description}</span>,
    withAsterisk: field.required,
    readOnly: form.readOnly,
    'data-testid': `input-field-${key}`,
    'data-field-path': key,
  };
}

function StringField(props: FieldProps) {
  const form = useForm();
  const { field, path, value } = props;
  const area = useRef<HTMLTextAreaElement>(null);
  const text = typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value);
  const commit = (next: string) => form.set(path, next === '' && !field.required ? undefined : next);
  const insert = (expression: string) => {
    const element = area.current;
    const start = element?.selectionStart ?? text.length;
    const end = element?.selectionEnd ?? text.length;
    commit(`${text.slice(0, start)}${expression}${text.slice(end)}`);
  };
  return (
    <Textarea
      {...common(props, form)}
      ref={area}
      autosize
      minRows={1}
      maxRows={8}
      value={text}
      placeholder={typeof field.defaultValue === 'string' ? field.defaultValue : undefined}
      error={form.errorAt(path)}
      dir="auto"
      onChange={(event) => commit(event.currentTarget.value)}
      rightSection={form.readOnly ? null : <ReferencePicker stepId={form.stepId} testId={`reference-picker-${pathKey(path)}`} onPick={insert} />}
      classNames={{ input: 'field-with-picker' }}
    />
  );
}

function NumberField(props: FieldProps) {
  const { t } = useTranslation();
  const form = useForm();
  const { field, path, value } = props;
  const current = value === undefined || value === null ? '' : String(value);
  const [text, change] = useTextDraft(current);
  const [parseError, setParseError] = useState<string | null>(null);
  const onText = (next: string) => {
    const parsed = parseNumberText(next, field.kind === 'integer');
    if ('error' in parsed) {
      setParseError(t(`fieldIssue.${parsed.error}`));
      change(next);
      return;
    }
    setParseError(null);
    change(next, parsed.value === undefined ? '' : String(parsed.value));
    form.set(path, parsed.value);
  };
  return (
    <TextInput
      {...common(props, form)}
      value={text}
      inputMode="decimal"
      dir="ltr"
      placeholder={field.defaultValue !== undefined ? String(field.defaultValue) : undefined}
      error={parseError ?? form.errorAt(path)}
      onChange={(event) => onText(event.currentTarget.value)}
      rightSection={form.readOnly ? null : <ReferencePicker stepId={form.stepId} testId={`reference-picker-${pathKey(path)}`} onPick={onText} />}
    />
  );
}

function BooleanField(props: FieldProps) {
  const form = useForm();
  const { field, path, value } = props;
  const checked = typeof value === 'boolean' ? value : field.defaultValue === true;
  const { label, description, ...rest } = common(props, form);
  return (
    <Switch
      {...rest}
      label={label ?? field.label}
      description={description}
      checked={checked}
      disabled={form.readOnly}
      error={form.errorAt(path)}
      onChange={(event) => form.set(path, event.currentTarget.checked)}
    />
  );
}

function EnumField(props: FieldProps) {
  const { t } = useTranslation();
  const form = useForm();
  const { field, path, value } = props;
  const data = (field.options ?? []).map((option) => ({ value: JSON.stringify(option), label: String(option) }));
  const fallback = field.defaultValue !== undefined ? t('inspector.defaultValue', { value: String(field.defaultValue) }) : undefined;
  return (
    <Select
      {...common(props, form)}
      data={data}
      value={value === undefined ? null : JSON.stringify(value)}
      placeholder={fallback}
      clearable={!field.required}
      allowDeselect={!field.required}
      error={form.errorAt(path)}
      comboboxProps={{ withinPortal: true }}
      onChange={(next) => form.set(path, next === null ? undefined : JSON.parse(next))}
    />
  );
}

function ArrayField(props: FieldProps) {
  const { t } = useTranslation();
  const form = useForm();
  const { field, path, value } = props;
  const items = Array.isArray(value) ? value : [];
  const item = field.item as FieldModel;
  const key = pathKey(path);
  return (
    <Fieldset legend={<span dir="auto">{field.label}</span>} className="form-group" data-field-path={key}>
      <Stack gap="xs">
        {field.description ? (
          <Text size="xs" c="dimmed" dir="auto">
            {field.description}
          </Text>
        ) : null}
        {items.map((element, index) => (
          <Group key={index} gap="xs" align="flex-start" wrap="nowrap">
            <div className="form-row-grow">
              <SchemaField field={{ ...item, label: `#${index + 1}` }} path={[...path, index]} value={element} bare={item.kind !== 'object'} />
            </div>
            {form.readOnly ? null : (
              <ActionIcon variant="subtle" color="red" aria-label={t('inspector.removeItem')} data-testid={`input-remove-${key}.${index}`} onClick={() => form.set([...path, index], undefined)}>
                <TrashIcon size={16} />
              </ActionIcon>
            )}
          </Group>
        ))}
        {form.errorAt(path) ? <Text size="xs" c="red">{form.errorAt(path)}</Text> : null}
        {form.readOnly ? null : (
          <Button variant="light" size="compact-xs" leftSection={<PlusIcon size={14} />} data-testid={`input-add-${key}`} onClick={() => form.set(path, [...items, emptyValueOf(item)])}>
            {t('inspector.addItem')}
          </Button>
        )}
      </Stack>
    </Fieldset>
  );
}

function ObjectField(props: FieldProps) {
  const { field, path, value } = props;
  const object = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  return (
    <Fieldset legend={<span dir="auto">{field.label}</span>} className="form-group" data-field-path={pathKey(path)}>
      <Stack gap="sm">
        {field.description ? (
          <Text size="xs" c="dimmed" dir="auto">
            {field.description}
          </Text>
        ) : null}
        {(field.fields ?? []).map((child) => (
          <SchemaField key={child.key} field={child} path={[...path, child.key]} value={object[child.key]} />
        ))}
      </Stack>
    </Fieldset>
  );
}

function MapField(props: FieldProps) {
  const { t } = useTranslation();
  const form = useForm();
  const { field, path, value } = props;
  const object = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const item = field.item as FieldModel;
  const key = pathKey(path);
  const rename = (from: string, to: string) => {
    if (!to || to === from || to in object) return;
    form.set(path, Object.fromEntries(Object.entries(object).map(([name, entry]) => [name === from ? to : name, entry])));
  };
  const addEntry = () => {
    let name = 'key';
    for (let number = 2; name in object; number++) name = `key${number}`;
    form.set(path, { ...object, [name]: emptyValueOf(item) });
  };
  return (
    <Fieldset legend={<span dir="auto">{field.label}</span>} className="form-group" data-field-path={key}>
      <Stack gap="xs">
        {field.description ? (
          <Text size="xs" c="dimmed" dir="auto">
            {field.description}
          </Text>
        ) : null}
        {Object.entries(object).map(([name, entry]) => (
          <Group key={name} gap="xs" align="flex-start" wrap="nowrap">
            <MapKey name={name} testId={`input-key-${key}.${name}`} readOnly={form.readOnly} onRename={(next) => rename(name, next)} />
            <div className="form-row-grow">
              <SchemaField field={{ ...item, label: name }} path={[...path, name]} value={entry} bare />
            </div>
            {form.readOnly ? null : (
              <ActionIcon variant="subtle" color="red" aria-label={t('inspector.removeItem')} data-testid={`input-remove-${key}.${name}`} onClick={() => form.set([...path, name], undefined)}>
                <TrashIcon size={16} />
              </ActionIcon>
            )}
          </Group>
        ))}
        {form.readOnly ? null : (
          <Button variant="light" size="compact-xs" leftSection={<PlusIcon size={14} />} data-testid={`input-add-${key}`} onClick={addEntry}>
            {t('inspector.addEntry')}
          </Button>
        )}
      </Stack>
    </Fieldset>
  );
}

/** A map key, renamed when the field is left (renaming on every letter would jump the rows around). */
function MapKey({ name, testId, readOnly, onRename }: { name: string; testId: string; readOnly: boolean; onRename: (name: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useTextDraft(name);
  return (
    <TextInput
      className="map-key"
      aria-label={t('inspector.key')}
      value={text}
      readOnly={readOnly}
      dir="ltr"
      data-testid={testId}
      onChange={(event) => setText(event.currentTarget.value)}
      onBlur={() => (text.trim() ? onRename(text.trim()) : setText(name, name))}
    />
  );
}

function JsonField(props: FieldProps) {
  const { t } = useTranslation();
  const form = useForm();
  const { path, value } = props;
  const current = value === undefined ? '' : JSON.stringify(value, null, 2);
  const [text, change] = useTextDraft(current);
  const [parseError, setParseError] = useState<string | null>(null);
  const onText = (next: string) => {
    if (next.trim() === '') {
      setParseError(null);
      change(next, '');
      form.set(path, undefined);
      return;
    }
    try {
      const parsed: unknown = JSON.parse(next);
      setParseError(null);
      change(next, JSON.stringify(parsed, null, 2));
      form.set(path, parsed);
    } catch (error) {
      setParseError(t('inspector.jsonInvalid', { reason: error instanceof Error ? error.message : String(error) }));
      change(next);
    }
  };
  return (
    <Textarea
      {...common(props, form)}
      autosize
      minRows={1}
      maxRows={10}
      value={text}
      dir="ltr"
      spellCheck={false}
      classNames={{ input: 'mono-input' }}
      error={parseError ?? form.errorAt(path)}
      onChange={(event) => onText(event.currentTarget.value)}
    />
  );
}
