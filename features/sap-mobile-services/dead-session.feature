@sap-mobile-services
Feature: How a dead session answers
  On an application secured with SAML, a request on an unauthenticated or expired
  session is answered with 200 and the header
  `com.sap.cloud.security.login: login-request` — not with 401. That 200 must be
  recognised as a dead session, never taken for a live one, or every logout would
  look like a failure to end the session (and every leaked session like a live one).
  Basic and OAuth applications are assumed to answer 401; which style a target
  uses is part of its configuration.

  Source: VENDOR-NOTES.md, SAP Mobile Services (security/saml2).

  @clause:SAP-7 @simulator
  Scenario: On a SAML application a logged-out session is recognised as dead by the login request
    Given the Mobile Services application is secured with SAML
    And a Mobile Services session
    When the Mobile Services session is ended with the v2 POST logout
    And the Mobile Services session is probed
    Then the Mobile Services probe saw a dead session, answered with 200 and the login request

  @clause:SAP-A4
  Scenario: A logged-out session answers as the target is configured (401 on Basic and OAuth applications)
    Given a Mobile Services session
    When the Mobile Services session is ended with the v1 POST logout
    And the Mobile Services session is probed
    Then the Mobile Services probe saw a dead session, answered as the target is configured
