/**
 * The namespace fields that machine-readable records carry: `netns`,
 * `netns_name`, `container_id`, and the engine and pod behind the container.
 */
import type { NetnsLabel } from "../model/netns.ts";

/** The label fields of one record, in snake_case as JSON and tables name them. */
export interface NetnsFields {
  readonly netns: number;
  /** The first /run/netns name of the namespace, or null. */
  readonly netns_name: string | null;
  readonly container_id: string | null;
  readonly container_runtime: string | null;
  readonly pod_uid: string | null;
}

/** The fields for a record read from the namespace `label` describes. */
export function netnsFields(label: NetnsLabel): NetnsFields {
  const c = label.container;
  return {
    netns: label.netns,
    netns_name: label.names[0] ?? null,
    container_id: c?.id ?? null,
    container_runtime: c?.runtime ?? null,
    pod_uid: c?.podUid ?? null,
  };
}


/**
 * Any JSON record with the label fields of the namespace it was read from
 * appended; the record itself when no namespace option chose it (`label`
 * undefined). Every mode's records go through this one function.
 */
export function withNetnsFields<T extends object>(record: T, label: NetnsLabel | undefined): T | (T & NetnsFields) {
  return label === undefined ? record : { ...record, ...netnsFields(label) };
}
