@flexi
Feature: Which sessions a Flexi logout ends
  The logout ends the sessions of users logged in via the web interface and those
  made by JSON authentication, however the client presents the session id: the
  `X-authSessionId` header (preferred), the `authSessionId` cookie, or the
  `authSessionId` query parameter. Requests with HTTP (Basic) authentication create
  no session at all, so there is nothing to end.

  A session that expired is answered with a redirect to `/login-logout/remote-logout`.
  The documents do not say after how long a session expires, so only the simulator can
  let one expire, and that rule is reported not verified against a real deployment.

  The logout document does not say how the web interface logs in: the targets file
  describes it (`webLogin`), or the web-interface rule is reported not verified.

  Source: ABRA Flexi, "Logging Out Users in the REST API"
  (https://podpora.flexibee.eu/en/articles/4784105); the session id: authentication
  (https://podpora.flexibee.eu/en/articles/3422248).

  @clause:FLX-9
  Scenario Outline: A user logs themselves out with the session id in the <carrier>
    Given the user has a Flexi session
    And each Flexi session of the user can read the company
    When the user logs themselves out of Flexi presenting the session id in the <carrier>
    Then the Flexi logout answers 200
    And every Flexi session of the user is dead

    Examples:
      | carrier |
      | header  |
      | cookie  |
      | query   |

  @clause:FLX-11 @needs:webLogin
  Scenario: Logout ends the user's web-interface session too
    Given the user has a Flexi web-interface session
    And the user's Flexi web-interface session can open the company
    And the administrator has a Flexi session
    When the administrator logs out the user in Flexi as a json call
    Then the Flexi logout answers 200
    And the user's Flexi web-interface session is dead

  @clause:FLX-8
  Scenario: Requests with HTTP Basic authentication create no session to log out
    Given the other user has no Flexi session: the administrator has logged them out with ignore-not-found=true
    And the other user has made a Flexi request in the company with HTTP Basic authentication only
    And the administrator has a Flexi session
    When the administrator logs out the other user in Flexi as a json call
    Then the Flexi logout answers 404

  @clause:FLX-13 @simulator
  Scenario: An expired session is sent to /login-logout/remote-logout
    Given the user has a Flexi session
    And each Flexi session of the user can read the company
    And the user's Flexi session has expired
    Then a Flexi request with the user's expired session is redirected to /login-logout/remote-logout

  @clause:FLX-A2
  Scenario: A dead session's JSON call is answered as the target is configured (401 by default, assumed)
    Given the user has a Flexi session
    And each Flexi session of the user can read the company
    And the administrator has a Flexi session
    When the administrator logs out the user in Flexi as a json call
    Then the dead Flexi session's JSON call is answered as the target is configured
