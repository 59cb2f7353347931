/** Multicast membership files under a proc root, read by pipeline/groups.ts through netstat's group reader. */

/** The two membership files, IPv4 first as netstat reads them. */
export const GROUP_FILES = { inet: "net/igmp", inet6: "net/igmp6" } as const;
