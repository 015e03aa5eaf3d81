@sap-mobile-services
Feature: What a logout leaves alone: the user's other sessions, and other users' sessions
  A logout ends "the session to be terminated", which its session cookie identifies;
  v2 "invalidate[s] the sessions" of the user, and whether that means the user's
  other sessions too the documents leave open. Nothing is documented either about
  what v1 does to the user's other sessions, or that another user's session survives
  any logout. So each is only reported, with what the session request saw of the
  other session afterwards, and never fails a run.

  The other user is a second dedicated test user of the application (`moreUsers`):
  without one, that scenario is not verified.

  Source: SAP Mobile Services documentation (help.sap.com), Security › API › Logout:
  "Logout Service" and "Logout Version 2 Service"
  (https://help.sap.com/doc/f53c64b93e5140918d676b927a3cd65b/Cloud/en-US/docs-en/guides/features/security/api/logout.html);
  the assumptions have no vendor passage behind them.

  @clause:SAP-A5
  Scenario: Observed: the v1 logout leaves the user's other sessions open
    Given two Mobile Services sessions of the same user, each live on its cookie alone
    When the Mobile Services session is ended with the v1 POST logout
    Then the other Mobile Services session is still live

  @clause:SAP-A2
  Scenario: Observed: the v2 logout leaves the user's other sessions open
    Given two Mobile Services sessions of the same user, each live on its cookie alone
    When the Mobile Services session is ended with the v2 POST logout
    Then the other Mobile Services session is still live

  @clause:SAP-A6 @needs:moreUsers
  Scenario Outline: Observed: the <logout> leaves another user's session open
    Given a Mobile Services session
    And the Mobile Services session is live on its cookie alone
    And a Mobile Services session of another test user
    And the other test user's Mobile Services session is live on its cookie alone
    When the Mobile Services session is ended with the <logout>
    Then the other test user's Mobile Services session is still live

    Examples:
      | logout         |
      | v1 POST logout |
      | v2 POST logout |
