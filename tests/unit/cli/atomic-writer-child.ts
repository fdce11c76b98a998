/**
 * A child process for the crash-safety test: replaces `argv[2]` with `argv[3]` MiB through
 * cli/atomic-write.ts and says `writing` on stdout just before it starts, so that the parent
 * can kill it in the middle of the save.
 */
import { writeFileAtomic } from '../../../cli/atomic-write';

const [target, mib] = process.argv.slice(2);
const data = new Uint8Array(Number(mib) * 1024 * 1024).fill(0x61);
process.stdout.write('writing\n');
await writeFileAtomic(target!, data);
process.stdout.write('done\n');
