/**
 * Memoises a value derived from a workspace until its generation changes (a file added, changed or
 * removed). Kept apart from workspace.ts so that modules workspace.ts imports can use it at load time.
 */
export function oncePerGeneration<W extends { readonly generation: number }, T>(compute: (workspace: W) => T): (workspace: W) => T {
  const cache = new WeakMap<W, { generation: number; value: T }>();
  return (workspace) => {
    const cached = cache.get(workspace);
    if (cached?.generation === workspace.generation) return cached.value;
    const value = compute(workspace);
    cache.set(workspace, { generation: workspace.generation, value });
    return value;
  };
}
