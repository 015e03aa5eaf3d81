@sap-mobile-services
Feature: Logout ends the session its cookie names, in every variant
  The user logout service terminates an active user session from the client. It
  needs no authentication, only the session cookie identifying the session to end,
  and it always answers 204 (no content) — even when there was no active session.
  There are two versions, each with two methods that do the same thing (POST is for
  configurations with a firewall): v1 `POST …/sessions/logout` and
  `DELETE …/sessions`; v2 `POST …/sessions/v2/logout` and `DELETE …/sessions/v2`.

  Source: SAP Mobile Services, Logout Service and Logout Version 2 Service
  (shared/specs/003_a74361c68b94e04b.txt).

  @clause:SAP-1
  Scenario Outline: The <logout> answers 204 and ends the session
    Given a Mobile Services session
    When the Mobile Services session is ended with the <logout>
    Then every Mobile Services logout answered 204
    And the Mobile Services session is dead

    Examples:
      | logout           |
      | v1 POST logout   |
      | v1 DELETE logout |
      | v2 POST logout   |
      | v2 DELETE logout |

  @clause:SAP-2
  Scenario Outline: POST and DELETE do the same: the <logout> ends the session and <effect>
    Given a Mobile Services session
    And the Mobile Services session's device is registered for push
    And a refresh token issued to the Mobile Services session's device
    When the Mobile Services session is ended with the <logout>
    Then every Mobile Services logout answered 204
    And the Mobile Services session is dead
    And <effect>

    Examples:
      | logout           | effect                                            |
      | v1 POST logout   | the device's push registration is gone            |
      | v1 DELETE logout | the device's push registration is gone            |
      | v2 POST logout   | no refresh token of the user can be used any more |
      | v2 DELETE logout | no refresh token of the user can be used any more |

  @clause:SAP-4
  Scenario Outline: The <logout> needs no credentials: the session cookie alone ends the session
    Given a Mobile Services session
    When the Mobile Services session is ended with the <logout>
    Then every Mobile Services logout answered 204
    And the Mobile Services session is dead

    Examples:
      | logout           |
      | v1 POST logout   |
      | v2 DELETE logout |
