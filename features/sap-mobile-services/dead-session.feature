@sap-mobile-services
Feature: How a dead session answers
  On an application secured with SAML, a request on an unauthenticated or expired
  session is answered with 200 and the header
  `com.sap.cloud.security.login: login-request` — not with 401. That 200 must be
  recognised as a dead session, never taken for a live one, or every logout would
  look like a failure to end the session (and every leaked session like a live one).
  Basic and OAuth applications are assumed to answer 401; which style a target
  uses is part of its configuration.

  The SAML scenarios need a live session of a SAML application: on a target whose
  users sign in through the IdP (`signIn` saml) the harness signs in through its login
  form in a browser, every run; otherwise one handed in by the targets file
  (`samlSession`), which only one scenario ends: a run consumes it, and the next run
  needs a fresh one.

  Source: SAP Mobile Services documentation (help.sap.com), Security › SAML 2.0
  (https://help.sap.com/doc/f53c64b93e5140918d676b927a3cd65b/Cloud/en-US/docs-en/guides/features/security/saml2.html);
  the 401 of Basic and OAuth applications is an assumption, with no vendor passage behind it.

  @clause:SAP-7 @needs:samlSession @no-sign-in
  Scenario: On a SAML application a request without any session answers 200 with the login request
    When the SAML application's session request is sent without any cookie
    Then the Mobile Services probe saw a dead session, answered with 200 and the login request

  # The one scenario that ends the handed-in session.
  @clause:SAP-7 @needs:samlSession @no-sign-in
  Scenario: On a SAML application a logged-out session is recognised as dead by the login request
    Given the Mobile Services session handed in from the SAML application's browser flow
    And the Mobile Services session is live on its cookie alone
    When the Mobile Services session is ended with the v2 POST logout
    And the Mobile Services session is probed
    Then the Mobile Services probe saw a dead session, answered with 200 and the login request

  @clause:SAP-A4
  Scenario: A logged-out session answers as the target is configured (401 on Basic and OAuth applications)
    Given a Mobile Services session
    And the Mobile Services session is live on its cookie alone
    When the Mobile Services session is ended with the v1 POST logout
    And the Mobile Services session is probed
    Then the Mobile Services probe saw a dead session, answered as the target is configured
