export { defaultOrganizationId, loadActor, type Actor } from "./actor";
export { authEnv, type AuthEnv } from "./env";
export {
  endAuthSession,
  endUserSessions,
  isAuthSessionLive,
  startAuthSession,
  type SessionEndReason,
} from "./auth-sessions";
export { changePassword } from "./password-change";
export {
  createPasswordReset,
  RESET_TOKEN_TTL_MS,
  resetPassword,
  type PasswordResetGrant,
} from "./password-reset";
export {
  CLIENT_ADDRESS_HEADER,
  clientAddress,
  parseTrustedProxies,
  resolveClientAddress,
  type TrustedProxies,
} from "./client-address";
export { actorFromSessionCookie, readSessionClaims } from "./session";
export {
  createApiToken,
  listApiTokens,
  mintApiToken,
  PASSWORD_GRANT_TTL_SECONDS,
  revokeApiToken,
  verifyApiToken,
  type ApiTokenSummary,
  type MintedToken,
} from "./tokens";
export {
  authenticate,
  listMemberships,
  passwordGrant,
  signUp,
  type AuthenticatedUser,
} from "./users";
