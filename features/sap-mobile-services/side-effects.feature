@sap-mobile-services
Feature: What a logout takes along: push registrations (v1) and refresh tokens (v2)
  v1: "When the Logout API is called, it removes the push registrations from the
  server for the registered users on the associated devices." — the registrations
  of all the user's registered devices, not only of the device whose session ends.
  v2: "invalidate the sessions and revoke all the refresh tokens of a user" — all of
  them, also those issued to the user's other devices and to the application's other
  OAuth clients, so a refresh with any of them fails afterwards.
  Not documented, and only reported: whether v1 leaves refresh tokens alone, and how
  a revoked refresh token is refused (400 invalid_grant assumed, as RFC 6749 has it).
  What a logout leaves of other sessions is in "What a logout leaves alone".

  What is checked is what the logout documents say: the registration is gone, the
  tokens no longer refresh. How a device registers for push is not in them: the
  harness registers a test device with a made-up body, reads the registration back
  before the logout, and takes a registration it cannot make or read as a broken
  target, never as a finding. Each refresh token is shown to work before the logout.

  Source: SAP Mobile Services documentation (help.sap.com), Security › API › Logout:
  "Logout Service" and "Logout Version 2 Service"
  (https://help.sap.com/doc/f53c64b93e5140918d676b927a3cd65b/Cloud/en-US/docs-en/guides/features/security/api/logout.html);
  the assumptions have no vendor passage behind them.

  @clause:SAP-5
  Scenario Outline: The <logout> removes the push registrations of all the user's devices, not only the session's
    Given a Mobile Services session whose device and another device of the same user are registered for push
    When the Mobile Services session is ended with the <logout>
    Then the push registrations of the Mobile Services session's device and of the other device are gone

    Examples:
      | logout           |
      | v1 POST logout   |
      | v1 DELETE logout |

  @clause:SAP-6
  Scenario Outline: The <logout> revokes every refresh token of the user, another device's included
    Given a Mobile Services session, and refresh tokens issued to its device and to another device of the same user
    And the Mobile Services session is live on its cookie alone, and every refresh token works
    When the Mobile Services session is ended with the <logout>
    Then no refresh token of the Mobile Services user can be used any more

    Examples:
      | logout           |
      | v2 POST logout   |
      | v2 DELETE logout |

  # The user's tokens at another OAuth client of the application (oauth.otherClientId): on an
  # OAuth application the test user signs in through its clientId; on a Basic one the
  # tokens come from the password grant at both clients. The v2 POST logout only: that the
  # DELETE does what the POST does, to the refresh tokens too, is SAP-2's check.
  @clause:SAP-6 @needs:oauth
  Scenario: The v2 POST logout revokes the user's refresh tokens at every OAuth client, not only the session's
    Given a Mobile Services session, and refresh tokens issued to its device and to another OAuth client of the same user
    And the Mobile Services session is live on its cookie alone, and every refresh token works
    When the Mobile Services session is ended with the v2 POST logout
    Then no refresh token of the Mobile Services user can be used any more

  @clause:SAP-A1
  Scenario: Observed: the v1 logout leaves the user's refresh tokens valid
    Given a Mobile Services session, and a refresh token issued to its device
    And the Mobile Services session is live on its cookie alone, and every refresh token works
    When the Mobile Services session is ended with the v1 POST logout
    Then the Mobile Services refresh token still works

  @clause:SAP-A3
  Scenario: A refresh token revoked by the v2 logout is refused with 400 invalid_grant
    Given a Mobile Services session, and a refresh token issued to its device
    And the Mobile Services session is live on its cookie alone, and every refresh token works
    When the Mobile Services session is ended with the v2 POST logout
    Then the revoked Mobile Services refresh token is refused with 400 invalid_grant
