@sap-mobile-services
Feature: Logout ends the session its cookie names, in every variant
  The user logout service terminates an active user session from the client. It
  needs no authentication, only the session cookie identifying the session to end,
  and it answers 204 (no content). Client SDKs send `X-SMP-APPID` and
  `X-SMP-DEVICEID` on every request; the logout itself needs neither. There are two versions, each with two methods:
  v1 `POST …/sessions/logout` and `DELETE …/sessions`, v2 `POST …/sessions/v2/logout`
  and `DELETE …/sessions/v2`. "The POST method does the same thing as DELETE, but is
  the option to use if the configuration includes a firewall."

  Each session is shown live on its cookie alone before it is logged out, so "dead
  afterwards" means the logout ended it. These scenarios sign the test user in with
  its password: against a SAML application they are not verified.

  Source: SAP Mobile Services documentation (help.sap.com), Security › API › Logout:
  "Logout Service" and "Logout Version 2 Service"
  (https://help.sap.com/doc/f53c64b93e5140918d676b927a3cd65b/Cloud/en-US/docs-en/guides/features/security/api/logout.html).

  @clause:SAP-1 @clause:SAP-4
  Scenario Outline: The <logout>, sent with the session cookie alone, answers 204 and ends the session
    Given a Mobile Services session
    And the Mobile Services session is live on its cookie alone
    When the Mobile Services session is ended with the <logout>, sent with its session cookie alone, without credentials or X-SMP headers
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
    When the Mobile Services <post> and then the <delete> each end a session whose device is registered for push and holds a refresh token
    Then the Mobile Services <delete> answered the same status as the <post> and had the same effect on the session, the push registration and the refresh token

    Examples:
      | post           | delete           |
      | v1 POST logout | v1 DELETE logout |
      | v2 POST logout | v2 DELETE logout |
