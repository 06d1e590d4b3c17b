import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store/app-store';
import { GenerationPreview } from './generation-preview';
import { useGenerationStore } from './generation-store';
import { ReplanUnsavedModal, type UnsavedChoice } from './replan-unsaved-modal';
import { RequestForm } from './request-form';
import './planner.css';

/** An instruction waiting for the person to say what happens to their unsaved changes. */
interface Pending {
  instruction: string;
  settle: (taken: boolean) => void;
}

/**
 * "Change this plan": an instruction in English or Hebrew ("add an approval before sending",
 * "do it for every client") becomes a new version of the plan on screen, made from the version
 * the editor works from and streamed into the same preview as a new plan. Unsaved changes are
 * never dropped silently: the person saves them first or sets them aside (undo brings them back).
 */
export function ReplanBox() {
  const { t } = useTranslation();
  const plan = useAppStore((state) => state.doc?.plan ?? null);
  const baseNumber = useAppStore((state) => state.doc?.base.number ?? null);
  const viewing = useAppStore((state) => state.viewing?.version.number ?? null);
  const saveVersion = useAppStore((state) => state.saveVersion);
  const discardDraft = useAppStore((state) => state.discardDraft);
  const replan = useGenerationStore((state) => state.replan);
  const busy = useGenerationStore((state) => state.generationId !== null && state.result === null);
  const [pending, setPending] = useState<Pending | null>(null);

  /** Replans from the version the editor works from now (after a save, that is the new one). */
  const start = async (instruction: string): Promise<boolean> => {
    const doc = useAppStore.getState().doc;
    if (!doc) return false;
    const result = await replan({ planId: doc.plan.id, baseVersionId: doc.base.id, request: doc.plan.request ?? doc.plan.title, instruction });
    return result !== null;
  };

  const submit = (instruction: string): Promise<boolean> => {
    if (!useAppStore.getState().doc?.dirty) return start(instruction);
    return new Promise((settle) => setPending({ instruction, settle }));
  };

  const decide = async (choice: UnsavedChoice) => {
    if (!pending) return;
    const { instruction, settle } = pending;
    setPending(null);
    if (choice === 'cancel') return settle(false);
    if (choice === 'save') {
      if (!(await saveVersion(t('replan.savedBefore', { instruction: Array.from(instruction).slice(0, 120).join('') })))) return settle(false);
    } else discardDraft();
    settle(await start(instruction));
  };

  const blockedReason = viewing !== null ? t('replan.blockedViewing', { number: viewing }) : null;

  return (
    <section className="side-section replan-box" data-testid="replan-box">
      <RequestForm
        testId="replan-instruction"
        submitTestId="replan-submit"
        title={t('replan.title')}
        hint={baseNumber !== null ? t('replan.hint', { number: baseNumber }) : undefined}
        placeholder={t('replan.placeholder')}
        buttonLabel={t('replan.button')}
        shortcut={t('replan.shortcut')}
        busy={busy}
        blockedReason={blockedReason}
        minRows={2}
        maxLength={5000}
        onSubmit={submit}
      />
      <ReplanUnsavedModal
        opened={pending !== null}
        baseNumber={baseNumber ?? 0}
        nextNumber={(plan?.headVersion ?? 0) + 1}
        onChoose={(choice) => void decide(choice)}
      />
      <GenerationPreview />
    </section>
  );
}
