import { useEffect, useState } from 'react';
import { onMenu, readyToQuit, takeOpenedFiles } from '../../platform/gloss';
import { useGloss } from '../../store';
import { teamSync } from '../sync/team-sync';
import { AnalystGate } from '../analyst/AnalystGate';
import { handleProjectFile, openProjectFromDialog, saveProjectAs } from './actions';
import { AgreementView } from './AgreementView';
import { backUpNow, backupNeeded, backupToOffer, startBackups } from './backups';
import { BackupsDialog, RestoreOffer } from './BackupsDialog';
import { MergePreview } from './MergePreview';
import { OpenChoice } from './OpenChoice';
import './project.css';

/** Opens (or offers to merge) the project files the operating system handed to Gloss. */
async function openSystemFiles(): Promise<void> {
  const { files, unread } = await takeOpenedFiles();
  const { notify } = useGloss.getState();
  for (const u of unread)
    notify('error', `“${u.name}” could not be opened; the library is unchanged.`, [u.reason]);
  // One at a time: each may ask a question; the rest wait for the next Open.
  const file = files[0];
  if (file) await handleProjectFile(file.name, file.bytes, 'open');
  if (files.length > 1)
    notify('info', `Opened “${file?.name}”; open the other ${files.length - 1} from File > Open project….`);
}

async function backUpAndReport(): Promise<void> {
  const { notify } = useGloss.getState();
  try {
    const written = await backUpNow();
    notify('success', written ? 'Backup written.' : 'The library is empty: there is nothing to back up.');
  } catch (err) {
    notify('error', (err as Error).message);
  }
}

/** The project commands (menu and start-up) and the project dialogs. */
export function ProjectFeature() {
  const dialog = useGloss((s) => s.projectDialog);
  const setDialog = useGloss((s) => s.setProjectDialog);
  // The first-run question waits until start-up knows whether to offer a backup instead.
  const [checked, setChecked] = useState(false);

  useEffect(() => {
    const notify = useGloss.getState().notify;
    const stopBackups = startBackups((message) => notify('error', message));
    let cancelled = false;
    void (async () => {
      try {
        const offer = await backupToOffer();
        if (offer && !cancelled)
          useGloss.getState().setProjectDialog({ kind: 'restore-offer', backup: offer });
        if (!cancelled) setChecked(true);
        await openSystemFiles();
      } catch (err) {
        if (!cancelled) setChecked(true);
        notify('error', (err as Error).message);
      }
    })();
    const stopMenu = onMenu((command) => {
      const { setProjectDialog, setAnalystDialogOpen } = useGloss.getState();
      switch (command) {
        case 'open-project':
          return void openProjectFromDialog('open');
        case 'merge-project':
          return void openProjectFromDialog('merge');
        case 'save-project-as':
          return void saveProjectAs();
        case 'agreement':
          return setProjectDialog({ kind: 'agreement' });
        case 'change-analyst':
          return setAnalystDialogOpen(true);
        case 'back-up-now':
          return void backUpAndReport();
        case 'restore-backup':
          return setProjectDialog({ kind: 'backups' });
        case 'files-opened':
          return void openSystemFiles();
        case 'before-quit':
          // The last backup, and a team sync under way stopped so that it can go on at the next
          // start (a first sync keeps what it took in): then the window closes.
          return void Promise.all([
            backupNeeded() ? backUpNow().catch(() => null) : null,
            teamSync.stopForQuit().catch(() => null),
          ]).then(readyToQuit);
        default:
          return undefined;
      }
    });
    return () => {
      cancelled = true;
      stopBackups();
      stopMenu();
    };
  }, []);

  const close = () => setDialog(null);
  return (
    <>
      <AnalystGate blocked={!checked || dialog?.kind === 'restore-offer'} />
      {dialog?.kind === 'open' && <OpenChoice dialog={dialog} onClose={close} />}
      {dialog?.kind === 'merge' && <MergePreview key={dialog.fileName} dialog={dialog} onClose={close} />}
      {dialog?.kind === 'agreement' && <AgreementView onClose={close} />}
      {dialog?.kind === 'backups' && <BackupsDialog onClose={close} />}
      {dialog?.kind === 'restore-offer' && <RestoreOffer backup={dialog.backup} onClose={close} />}
    </>
  );
}
