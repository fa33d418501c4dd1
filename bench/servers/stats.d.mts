/** Opens the stdin stats channel (see stats.mjs); `rooms` reports how many documents are in memory. */
export function openStatsChannel(rooms: () => number): void;
