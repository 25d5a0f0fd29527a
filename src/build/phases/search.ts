import { stageFile } from '../../write.js';
import type { BuildState } from '../state.js';
import { previousHash, record } from './render.js';

/** Makes the indexes (search) whose key changed, once the pages are rendered. */
export async function index(state: BuildState): Promise<void> {
  if (state.nothingToDo) return;
  for (const each of state.indexes) {
    for (const file of await each.files()) {
      state.produced.add(file.path);
      record(state, file.path, each.key, stageFile(state.staging!, file.path, file.content, previousHash(state, file.path)));
    }
  }
}
