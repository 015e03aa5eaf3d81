@acumatica
Feature: Signing out frees the licence
  A licence admits a limited number of API users (concurrent sessions). A session
  that is not signed out keeps its seat until it is closed automatically after a
  10-minute time-out; there is no way to terminate it by force. Signing out frees
  the seat at once. Sign-out requests are exempt from the licence's
  concurrent-request limit, so that limit never refuses a sign-out; the limit on
  requests per minute may still answer one with 429.

  The seats are measured, not assumed: the seat scenarios sign in until the licence
  refuses, and work with the seats that were free (a seat held by another client is
  simply not among them); with none free they are not verified. A seat that the
  run's own sign-out should have freed and that is still taken breaks the rule. Against
  a real deployment they run only when the targets file declares `apiUserLimit`, on
  a test instance dedicated to the run. The idle time-out is checked with a margin past
  10 minutes, as an instance may close idle sessions in a sweep that runs late, and
  in one scenario, so the wait is paid once: the first session, used after 9 minutes,
  is still open 3 minutes later, while the second, idle all 12, is closed and its seat
  free again.

  Source: MYOB Acumatica Integration Development Guide, "Sign Out from the Service",
  Usage Notes and Response Status Codes (429)
  (https://help.myob.com.au/advanced/Docs/Published/IntegrationDevelopmentGuide/IntegrationDev_RESTExample_Basic_Logout.html),
  and its page "License Restrictions for API Users", linked from there.

  @clause:ACU-4 @needs:apiUserLimit
  Scenario: Signing out frees an API-user seat for the next sign-in
    Given every free API-user seat of the licence held by a session signed in to the instance
    And no seat that an earlier sign-out of this run freed is still taken
    And the licence refuses a further sign-in
    When the first session signs out
    Then the sign-out answers 204
    And a further sign-in succeeds

  @clause:ACU-5 @slow @needs:apiUserLimit
  Scenario: A session used within 10 minutes stays open; one idle for longer is closed and no longer holds a seat
    Given every free API-user seat of the licence held by a session signed in to the instance
    And the licence had at least 2 seats free
    And the licence refuses a further sign-in
    And the first session can read the Customer entity
    And the second session can read the Customer entity
    When 9 minutes pass without a request from any session
    Then the first session still authorizes an entity call
    When 3 more minutes pass without a request from the second session
    Then the second session's cookies no longer authorize an entity call
    And a further sign-in succeeds

  @clause:ACU-6 @simulator
  Scenario: Sign-out succeeds while the concurrent-request limit is reached
    Given an API session signed in to the instance
    And other clients' requests take every concurrent-request slot of the licence
    Then an entity call is refused with 429
    When the session signs out
    Then the sign-out answers 204
