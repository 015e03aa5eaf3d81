@sap-mobile-services
Feature: Logout ends the session its cookie names, in every variant
  The user logout service terminates an active user session from the client. It
  needs no authentication, only the session cookie identifying the session to end,
  and it answers 204 (no content). There are two versions, each with two methods:
  v1 `POST …/sessions/logout` and `DELETE …/sessions`, v2 `POST …/sessions/v2/logout`
  and `DELETE …/sessions/v2`. "The POST method does the same thing as DELETE, but is
  the option to use if the configuration includes a firewall."

  Source: SAP Mobile Services, Logout Service and Logout Version 2 Service
  (shared/specs/003_a74361c68b94e04b.txt).

  @clause:SAP-1 @clause:SAP-4
  Scenario Outline: The <logout>, with the session cookie and no credentials, answers 204 and ends the session
    Given a Mobile Services session
    When the Mobile Services session is ended with the <logout>, sent with its session cookie and no credentials
    Then every Mobile Services logout answered 204
    And the Mobile Services session is dead

    Examples:
      | logout           |
      | v1 POST logout   |
      | v1 DELETE logout |
      | v2 POST logout   |
      | v2 DELETE logout |

  @clause:SAP-2
  Scenario Outline: The <delete> does what the <post> does
    When the Mobile Services <post> ends a session whose device is registered for push and holds a refresh token
    And the Mobile Services <delete> ends another such session
    Then the Mobile Services <delete> answered the same status as the <post> and had the same effect on the session, the push registration and the refresh token

    Examples:
      | post           | delete           |
      | v1 POST logout | v1 DELETE logout |
      | v2 POST logout | v2 DELETE logout |
