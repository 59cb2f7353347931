/** glibc's `strerror` sentences; they live with netstat's other words in src/format. */
export { strerror } from "../format/strerror.ts";
