/** sysexits-style exit codes (DESIGN.md §3). */
export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 64,
  dataError: 65,
  noInput: 66,
  unavailable: 69,
  tempFail: 75,
  config: 78,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
