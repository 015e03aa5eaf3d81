@acumatica
Feature: Signing out frees the licence
  A licence admits a limited number of API users (concurrent sessions). A session
  that is not signed out keeps its seat until it is closed automatically after a
  10-minute time-out; there is no way to terminate it by force. Signing out frees
  the seat at once. Sign-out requests are exempt from the licence's
  concurrent-request limit, so a client can always sign out.

  Source: "Sign Out from the Service", Usage Notes (shared/specs/000_fd8ea2d6b7f25bce.txt);
  "License Restrictions for API Users" (VENDOR-NOTES.md).

  @clause:ACU-4 @simulator
  Scenario: Signing out frees an API-user seat for the next sign-in
    Given the licence admits 2 API users
    And 2 API sessions signed in to the instance
    Then a further sign-in is refused
    When the first session signs out
    Then a further sign-in succeeds

  @clause:ACU-5 @slow
  Scenario: A session used within the last 10 minutes stays open
    Given an API session signed in to the instance
    When the session stays idle for 9 minutes
    Then the session still authorizes an entity call

  @clause:ACU-5 @slow
  Scenario: A session never signed out is closed after 10 minutes idle
    Given an API session signed in to the instance
    When the session stays idle for 10 minutes
    Then the session's cookies no longer authorize an entity call

  @clause:ACU-5 @simulator
  Scenario: A session closed for idleness no longer holds a seat
    Given the licence admits 1 API user
    And 1 API session signed in to the instance
    When the session stays idle for 10 minutes
    Then a further sign-in succeeds

  @clause:ACU-6 @simulator
  Scenario: Sign-out succeeds while the concurrent-request limit is reached
    Given an API session signed in to the instance
    And other clients' requests take every concurrent-request slot of the licence
    Then an entity call is refused with 429
    When the session signs out
    Then the sign-out answers 204
