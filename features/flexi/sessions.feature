@flexi
Feature: Which sessions a Flexi logout ends
  The logout ends web-UI sessions and sessions made by JSON authentication, however
  the client presents the session id: the `X-authSessionId` header (preferred), the
  `authSessionId` cookie, or the `authSessionId` query parameter. Requests with
  HTTP (Basic) authentication create no session at all, so there is nothing to end.

  Source: shared/specs/001_b1f1fee551f099fc.txt; authentication: VENDOR-NOTES.md.

  @clause:FLX-9
  Scenario Outline: A user logs themselves out with the session id in the <carrier>
    Given the user has a Flexi session
    When the user logs themselves out of Flexi presenting the session id in the <carrier>
    Then the Flexi logout answers 200
    And every Flexi session of the user is dead

    Examples:
      | carrier |
      | header  |
      | cookie  |
      | query   |

  @clause:FLX-8
  Scenario: Requests with HTTP Basic authentication create no session to log out
    Given the other user has made a Flexi request in the company with HTTP Basic authentication only
    And the administrator has a Flexi session
    When the administrator logs out the other user in Flexi as a json call
    Then the Flexi logout answers 404

  @clause:FLX-A2
  Scenario: A dead session's JSON call is answered as the target is configured (401 by default, assumed)
    Given the user has a Flexi session
    And the administrator has a Flexi session
    When the administrator logs out the user in Flexi as a json call
    Then the dead Flexi session's JSON call is answered as the target is configured
