@sap-mobile-services
Feature: Logout always answers 204
  "The service always returns HTTP status 204 (no content), even if there was no
  active session for the calling user at the point the call was made." Whatever the
  cookie says — nothing at all, a session the server never issued, a session already
  logged out — and however often the call is repeated, every variant answers 204.
  Each "no session" is shown before it is relied on: the session request refuses the
  cookie that names no session, and the session already logged out.

  Source: SAP Mobile Services documentation (help.sap.com), Security › API › Logout:
  "Logout Service" and "Logout Version 2 Service"
  (https://help.sap.com/doc/f53c64b93e5140918d676b927a3cd65b/Cloud/en-US/docs-en/guides/features/security/api/logout.html).

  # Signs no one in, so it runs against a SAML application too.
  @clause:SAP-3 @no-sign-in
  Scenario Outline: The <logout> answers 204 when there is no session to end
    Given a Mobile Services cookie naming no session, which the session request refuses
    When the Mobile Services <logout> is sent without any cookie
    And the Mobile Services <logout> is sent with the cookie naming no session
    Then every Mobile Services logout answered 204

    Examples:
      | logout           |
      | v1 POST logout   |
      | v1 DELETE logout |
      | v2 POST logout   |
      | v2 DELETE logout |

  @clause:SAP-3
  Scenario Outline: The <logout> answers 204 for a session the <earlier> already ended, and again when repeated
    Given a Mobile Services session
    And the Mobile Services session is live on its cookie alone
    And the Mobile Services session has been ended with the <earlier>
    And the Mobile Services session is no longer live
    When the Mobile Services <logout> is sent for the ended session
    And the Mobile Services <logout> is sent for the ended session once more
    Then every Mobile Services logout answered 204

    Examples:
      | earlier          | logout           |
      | v2 DELETE logout | v1 POST logout   |
      | v2 POST logout   | v1 DELETE logout |
      | v1 DELETE logout | v2 POST logout   |
      | v1 POST logout   | v2 DELETE logout |
