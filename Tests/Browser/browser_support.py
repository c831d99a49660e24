"""What every browser flow needs: a headless Chromium and the console's sign-in."""
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC


def browser(width, height, phone=False):
    """Debian's headless Chromium at `width` x `height`; `phone` emulates a phone's screen."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", f"--window-size={width},{height}"]:
        options.add_argument(flag)
    if phone:
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 2}})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def login(driver, wait, base, who):
    """Signs `who` (email, password) in through the console's form and waits for the session list."""
    driver.get(base + "/")
    wait.until(EC.visibility_of_element_located((By.NAME, "email"))).send_keys(who[0])
    driver.find_element(By.NAME, "password").send_keys(who[1])
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "[data-test=start-session]")))


def click(wait, locator):
    """Clicks the element at `locator` once it is clickable. The console redraws a session's
    bubbles whenever its stream reports a change, so an element found a moment before a redraw
    is gone by the click: then it is looked up again, until the wait's time runs out."""
    def attempt(driver):
        try:
            element = EC.element_to_be_clickable(locator)(driver)
            if not element:
                return False
            element.click()
            return True
        except StaleElementReferenceException:
            return False
    wait.until(attempt)
