/** Which addresses netstat asks the resolver for, as a pure predicate. */

/** Whether netstat would ask the resolver for this address (with names on). */
export function wantsHostLookup(address: string, family: "inet" | "inet6"): boolean {
  if (family === "inet") return address !== "0.0.0.0" && !address.startsWith("0.");
  return address !== "::";
}
