/* Next Round: site-wide script (feature scripts are separate files). */
