package org.colombier.api.storage;

/**
 * The result of a copy or move (UIDPLUS COPYUID): the target's UIDVALIDITY and, in the same order,
 * the source UIDs and the UIDs they got in the target. Source UIDs that no longer existed are left
 * out of both.
 */
public record CopyResult(long targetUidValidity, UidSet sourceUids, UidSet targetUids) {
}
