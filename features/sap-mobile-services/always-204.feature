@sap-mobile-services
Feature: Logout always answers 204
  "The service always returns HTTP status 204 (no content), even if there was no
  active session for the calling user at the point the call was made." Whatever the
  cookie says — nothing, a session the server never knew, a session already ended —
  and however often the call is repeated, every variant answers 204.

  Source: shared/specs/003_a74361c68b94e04b.txt, Logout Service and Logout Version 2 Service.

  @clause:SAP-3
  Scenario Outline: The <logout> answers 204 without any cookie
    When the <logout> is sent without any cookie
    Then every Mobile Services logout answered 204

    Examples:
      | logout           |
      | v1 POST logout   |
      | v1 DELETE logout |
      | v2 POST logout   |
      | v2 DELETE logout |

  @clause:SAP-3
  Scenario Outline: The <logout> answers 204 for a cookie naming no session
    When the <logout> is sent with a cookie naming no session
    Then every Mobile Services logout answered 204

    Examples:
      | logout           |
      | v1 POST logout   |
      | v1 DELETE logout |
      | v2 POST logout   |
      | v2 DELETE logout |

  @clause:SAP-3
  Scenario Outline: The <logout> answers 204 again for a session already logged out
    Given a Mobile Services session
    When the Mobile Services session is ended with the <logout>
    And the <logout> is sent again for the same Mobile Services session
    Then every Mobile Services logout answered 204

    Examples:
      | logout           |
      | v1 POST logout   |
      | v1 DELETE logout |
      | v2 POST logout   |
      | v2 DELETE logout |
