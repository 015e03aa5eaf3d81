@sap-mobile-services
Feature: How a dead session answers
  On an application secured with SAML, a request on an unauthenticated or expired
  session is answered with 200 and the header
  `com.sap.cloud.security.login: login-request` — not with 401. A harness that took
  that 200 for a live session would call every logout a success; a dead session
  must be recognised by that header. Basic and OAuth applications are assumed to
  answer 401.

  Source: VENDOR-NOTES.md, SAP Mobile Services (security/saml2).

  @clause:SAP-7 @simulator
  Scenario: On a SAML application a logged-out session is seen as dead by the login request
    Given the Mobile Services application uses SAML, where a dead session is answered with the login request
    And a Mobile Services session
    When the Mobile Services session is ended with the v2 POST logout
    And the Mobile Services session is probed
    Then the probe saw a dead session answered with 200 and the login request

  @clause:SAP-A1
  Scenario: A logged-out session is answered as the application is configured (401 for Basic and OAuth applications, assumed)
    Given a Mobile Services session
    When the Mobile Services session is ended with the v1 POST logout
    And the Mobile Services session is probed
    Then the probe saw a dead session answered the way the target is configured to
