@sap-mobile-services
Feature: Logout always answers 204
  "The service always returns HTTP status 204 (no content), even if there was no
  active session for the calling user at the point the call was made." Whatever the
  cookie says — nothing at all, a session the server never issued, a session already
  logged out — and however often the call is repeated, every variant answers 204.

  Source: SAP Mobile Services, Logout Service and Logout Version 2 Service
  (shared/specs/003_a74361c68b94e04b.txt).

  @clause:SAP-3
  Scenario Outline: The <logout> answers 204 when there is no session to end
    When the Mobile Services <logout> is sent without any cookie
    And the Mobile Services <logout> is sent with a cookie naming no session
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
    And the Mobile Services session has been ended with the <earlier>
    When the Mobile Services <logout> is sent for the ended session
    And the Mobile Services <logout> is sent for the ended session once more
    Then every Mobile Services logout answered 204

    Examples:
      | earlier          | logout           |
      | v2 DELETE logout | v1 POST logout   |
      | v2 POST logout   | v1 DELETE logout |
      | v1 DELETE logout | v2 POST logout   |
      | v1 POST logout   | v2 DELETE logout |
