/** Key systems the origin signals without configuration (ClearKey, by the key id alone). */

/** W3C "Common PSSH" system id: ClearKey reads its key ids (W3C EME cenc init data format). */
export const COMMON_PSSH_SYSTEM_ID = '1077efec-c0b2-4d02-ace3-3c1e52e2fb4b';
/** The ClearKey key system's DASH scheme (DASH-IF IOP). */
export const CLEARKEY_SYSTEM_ID = 'e2719d58-a985-b3c9-781a-b030af78d30e';
