import { stageFile } from '../../write.js';
import type { BuildState } from '../state.js';
import { previousHash, record } from './render.js';

/** Indexes the published articles for search, when any changed since the index was made. */
export async function index(state: BuildState): Promise<void> {
  if (state.nothingToDo || !state.searchTodo) return;
  const { buildSearchIndex } = await import('../../render/search.js');
  const files = await buildSearchIndex(state.site!, (article) => state.pack.read(state.entryOf.get(article)!.body!));
  for (const file of files) {
    state.produced.add(file.path);
    record(state, file.path, state.searchKey, stageFile(state.staging!, file.path, file.content, previousHash(state, file.path)));
  }
}
